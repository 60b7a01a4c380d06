package io.hotpapers.social.huggingface;

import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SocialSource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugging Face paper pages as a {@link SocialSource}: one post per paper page (its id is the arXiv id), upvotes as
 * likes and comments as replies.
 *
 * <p>Discovery reads whole days of Daily Papers (the days around each target's listing date, at most
 * {@value #MAX_DAYS_PER_ROUND} per round, each day's list once it can no longer change) and matches ids locally; only
 * targets that no list read holds are looked up one by one ({@code /api/papers/<id>}), from the day after their
 * listing. A 404 is stored as the paper's cursor ({@code absent:<date>}) and the paper is not asked about again
 * before {@code absentRecheck} has passed. Refresh reads the due papers' Daily Papers by day, ISO week or month,
 * whichever needs the fewest pages by the sizes of the days read before ({@link HfListingPlan}), takes every due
 * paper a listing holds from it, and looks up only the others one by one.
 */
public final class HuggingFaceSource implements SocialSource {
    public static final String NAME = "huggingface";

    private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceSource.class);
    /** Papers reach Daily Papers on the day arXiv announces them or within a few days; earlier ones by a day. */
    static final int DAYS_BEFORE_LISTING = 1;
    static final int DAYS_AFTER_LISTING = 3;
    /** A day's list can still grow until the day is over everywhere; two days later it is final. */
    static final int DAYS_UNTIL_FINAL = 2;
    /** Two months of days: a month's backfill in one round, and a bound on any round. */
    static final int MAX_DAYS_PER_ROUND = 62;
    /** 20 pages of 50: far more than a day ever had; a server that keeps sending new pages is not followed further. */
    static final int MAX_PAGES_PER_DAY = 20;
    /** Who "wrote" a page whose Daily Papers submitter is unknown. */
    static final String UNKNOWN_SUBMITTER = "huggingface";

    private final HuggingFaceClient client;
    private final PostBudget budget;
    private final CursorStore cursors;
    private final Period absentRecheck;
    private final Clock clock;

    /** @param absentRecheck how long a "not on Hugging Face" answer holds before the paper is asked about again */
    public HuggingFaceSource(HuggingFaceClient client, PostBudget budget, CursorStore cursors, Period absentRecheck,
                             Clock clock) {
        if (absentRecheck.isNegative() || absentRecheck.isZero()) {
            throw new IllegalArgumentException("the re-check period must be positive, got " + absentRecheck);
        }
        this.client = client;
        this.budget = budget;
        this.cursors = cursors;
        this.absentRecheck = absentRecheck;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Comparator<String> cursorOrder() {
        return HfCursor.ORDER;
    }

    @Override
    public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
        Round round = new Round();
        try {
            round.discover(papers);
        } catch (RemoteServiceException e) {
            // what earlier requests found is kept: the days read and the pages looked up are stored
            throw new DiscoveryCutShortException(round.discovery(), e);
        }
        return round.discovery();
    }

    @Override
    public Refresh refresh(List<String> postIds) {
        Round round = new Round();
        round.refresh(postIds);
        return new Refresh(round.snapshots, round.gone, round.requests, round.postsRead, round.budgetExhausted,
                round.skipped);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One discovery or refresh round: what it read and what it found. */
    private final class Round {
        private final Map<String, FoundPost> found = new LinkedHashMap<>();
        private final Map<String, String> newCursors = new HashMap<>();
        private final List<PostSnapshot> snapshots = new ArrayList<>();
        private final Set<String> gone = new HashSet<>();
        private final List<Skip> skipped = new ArrayList<>();
        private final LocalDate today = today();
        private int requests;
        private int listPages;
        private long postsRead;
        private boolean budgetExhausted;

        Discovery discovery() {
            return new Discovery(new ArrayList<>(found.values()), newCursors, requests, postsRead, budgetExhausted,
                    skipped);
        }

        void discover(List<PaperTarget> targets) {
            Map<String, PaperTarget> pending = new LinkedHashMap<>();
            for (PaperTarget target : targets) {
                Optional<HfCursor> known = HfCursor.parse(target.cursor());
                // a paper known to be in Daily Papers is followed by refresh; discovery has nothing left to find
                if (known.map(cursor -> cursor.kind() != HfCursor.Kind.DAILY).orElse(true)) {
                    pending.put(target.arxivId(), target);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            for (LocalDate day : daysToRead(pending.values())) {
                Integer entries = readWindow(HfWindow.day(day), pending::containsKey,
                        paper -> discovered(paper, day), () -> false);
                if (entries == null) {
                    return;
                }
                if (!today.isBefore(day.plusDays(DAYS_UNTIL_FINAL))) {
                    // its size lets refresh choose between day, week and month listings
                    newCursors.put(HfCursor.dayScope(day), HfCursor.read(day, entries).toString());
                }
            }
            int dayRequests = requests;
            List<PaperTarget> lookups = pending.values().stream()
                    .filter(target -> !found.containsKey(target.arxivId()) && needsLookup(target)).toList();
            if (lookups.size() > 100) {
                // each is one request at HF_MIN_INTERVAL: say up front why this round takes a while
                LOG.info("Hugging Face: {} paper(s) in no Daily Papers list read; looking them up one by one",
                        lookups.size());
            }
            for (PaperTarget target : lookups) {
                if (!lookUp(target.arxivId())) {
                    return;
                }
            }
            LOG.info("Hugging Face discovery: {} request(s) for Daily Papers, {} paper look-up(s), {} found",
                    dayRequests, requests - dayRequests, found.size());
        }

        /**
         * The days around the targets' listing dates whose lists were not read since they became final, the ones
         * most targets share first, at most {@value #MAX_DAYS_PER_ROUND}; in date order.
         */
        private List<LocalDate> daysToRead(Iterable<PaperTarget> targets) {
            Map<LocalDate, Integer> sharedBy = new TreeMap<>();
            for (PaperTarget target : targets) {
                if (target.listedOn() == null) {
                    continue;
                }
                LocalDate last = min(target.listedOn().plusDays(DAYS_AFTER_LISTING), today);
                for (LocalDate day = target.listedOn().minusDays(DAYS_BEFORE_LISTING); !day.isAfter(last);
                     day = day.plusDays(1)) {
                    sharedBy.merge(day, 1, Integer::sum);
                }
            }
            Map<String, String> readDays = cursors.cursors(NAME,
                    sharedBy.keySet().stream().map(HfCursor::dayScope).toList());
            sharedBy.keySet().removeIf(day -> readDays.containsKey(HfCursor.dayScope(day)));
            List<LocalDate> days = sharedBy.entrySet().stream()
                    .sorted(Map.Entry.<LocalDate, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .limit(MAX_DAYS_PER_ROUND)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            if (sharedBy.size() > days.size()) {
                LOG.warn("Hugging Face: the targets span {} days of Daily Papers; reading {} this round (the most "
                        + "shared), the others' papers are looked up one by one", sharedBy.size(), days.size());
            }
            return days;
        }

        /** Whether a target no list holds is worth a look-up of its own now. */
        private boolean needsLookup(PaperTarget target) {
            Optional<HfCursor> known = HfCursor.parse(target.cursor());
            if (known.map(cursor -> cursor.kind() == HfCursor.Kind.PAGE).orElse(false)) {
                return false; // its page is tracked already: refresh reads its counts
            }
            if (target.listedOn() != null && !today.isAfter(target.listedOn())) {
                return false; // its listing day's list is still growing: a look-up now would mostly say 404
            }
            return known.filter(cursor -> cursor.kind() == HfCursor.Kind.ABSENT)
                    .map(cursor -> !today.isBefore(cursor.date().plus(absentRecheck)))
                    .orElse(true);
        }

        private void discovered(HfPaper paper, LocalDate day) {
            found.put(paper.arxivId(), foundPost(paper));
            newCursors.put(paper.arxivId(), HfCursor.daily(day).toString());
        }

        /** One paper's page: found (on the day it names, if any) or absent. False when the round must end. */
        private boolean lookUp(String arxivId) {
            Optional<HfPage> page = lookUpPage(arxivId);
            if (page == null) {
                return false;
            }
            if (page.isEmpty()) {
                newCursors.put(arxivId, HfCursor.absent(today).toString());
                return true;
            }
            skipped.addAll(page.get().skipped());
            for (HfPaper paper : page.get().papers()) {
                if (paper.arxivId().equals(arxivId)) {
                    found.put(arxivId, foundPost(paper));
                    newCursors.put(arxivId, (paper.dailyDate() != null ? HfCursor.daily(paper.dailyDate())
                            : HfCursor.page(today)).toString());
                } else {
                    skipped.add(new Skip("huggingface paper " + arxivId, "the page answered for another paper"));
                }
            }
            return true;
        }

        /** The page (empty on 404), or {@code null} when the budget or a stop ends the round. */
        private Optional<HfPage> lookUpPage(String arxivId) {
            PostBudget.Reservation reservation = budget.reserve(1, 1);
            if (reservation.granted() == 0) {
                budgetExhausted = !budget.stopRequested();
                return null;
            }
            Optional<HfPage> page = reservation.spend(() -> client.paper(arxivId),
                    answer -> answer.map(read -> (long) read.papers().size()).orElse(0L));
            requests++;
            postsRead += page.map(read -> read.papers().size()).orElse(0);
            return page;
        }

        /**
         * Reads a window's list page by page, handing each paper the filter wants to {@code use} (each paper once);
         * ends early once {@code enough} says nothing of this window is left to find. Returns the entries read, or
         * {@code null} when the budget or a stop ended the round.
         */
        private Integer readWindow(HfWindow window, Predicate<String> wanted, Consumer<HfPaper> use,
                                   BooleanSupplier enough) {
            Set<String> seen = new HashSet<>();
            int entries = 0;
            int maxPages = MAX_PAGES_PER_DAY * window.days().size();
            for (int number = 0; number < maxPages; number++) {
                PostBudget.Reservation reservation = budget.reserve(HuggingFaceClient.PAGE_SIZE, 1);
                if (reservation.granted() == 0) {
                    budgetExhausted = !budget.stopRequested();
                    return null;
                }
                int pageNumber = number;
                HfPage page = reservation.spend(() -> client.dailyPapers(window, pageNumber),
                        read -> (long) read.papers().size());
                requests++;
                listPages++;
                postsRead += page.papers().size();
                entries += page.entries();
                skipped.addAll(page.skipped());
                int fresh = 0;
                for (HfPaper paper : page.papers()) {
                    if (seen.add(paper.arxivId())) {
                        fresh++;
                        if (wanted.test(paper.arxivId())) {
                            use.accept(paper);
                        }
                    }
                }
                if (page.entries() < HuggingFaceClient.PAGE_SIZE || enough.getAsBoolean()) {
                    return entries;
                }
                if (fresh == 0) {
                    LOG.warn("Hugging Face sent page {} of {} with no paper not already seen; stopping there",
                            number, window);
                    return entries;
                }
            }
            LOG.warn("Hugging Face daily papers of {}: {} pages read, the rest is not", window, maxPages);
            return entries;
        }

        void refresh(List<String> postIds) {
            List<String> ids = new ArrayList<>();
            for (String postId : postIds) {
                Optional<ArxivId> id = ArxivId.parse(postId).filter(parsed -> !parsed.hasVersion()
                        && parsed.id().equals(postId));
                if (id.isEmpty()) {
                    skipped.add(new Skip("huggingface post " + postId, "not an arXiv id without version"));
                } else {
                    ids.add(postId);
                }
            }
            Map<String, String> stored = ids.isEmpty() ? Map.of() : cursors.cursors(NAME, ids);
            Map<String, LocalDate> listedOn = new LinkedHashMap<>();
            List<String> single = new ArrayList<>();
            for (String id : ids) {
                Optional<HfCursor> cursor = HfCursor.parse(stored.get(id))
                        .filter(known -> known.kind() == HfCursor.Kind.DAILY);
                if (cursor.isPresent()) {
                    listedOn.put(id, cursor.get().date());
                } else {
                    single.add(id);
                }
            }
            Instant capturedAt = clock.instant();
            // any due paper a listing holds is taken from it, also one whose page was looked up alone before
            Set<String> pending = new HashSet<>(ids);
            Deque<HfWindow> windows = new ArrayDeque<>(plan(listedOn.values()));
            int listings = 0;
            while (!windows.isEmpty()) {
                HfWindow window = windows.poll();
                Set<String> dueHere = new HashSet<>();
                listedOn.forEach((id, day) -> {
                    if (window.contains(day) && pending.contains(id)) {
                        dueHere.add(id);
                    }
                });
                if (dueHere.isEmpty()) {
                    continue; // an earlier listing held them all
                }
                Integer entries;
                listings++;
                try {
                    entries = readWindow(window, pending::contains, paper -> {
                        snapshot(paper, capturedAt).ifPresent(snapshots::add);
                        pending.remove(paper.arxivId());
                        dueHere.remove(paper.arxivId());
                    }, dueHere::isEmpty);
                } catch (HttpStatusException e) {
                    if (e.status() != 400 || window.kind() == HfWindow.Kind.DAY) {
                        throw e;
                    }
                    // the week and month windows are less documented than the day: fall back to the days
                    LOG.warn("Hugging Face refused the listing of {} ({}); reading its days instead", window,
                            e.getMessage());
                    dueHere.stream().map(listedOn::get).distinct().sorted(Comparator.reverseOrder())
                            .forEach(day -> windows.addFirst(HfWindow.day(day)));
                    continue;
                }
                if (entries == null) {
                    return;
                }
            }
            // no longer on their day's list: asked about alone, after the papers never listed
            listedOn.keySet().stream().filter(pending::contains).sorted().forEach(single::add);
            single.removeIf(id -> !pending.contains(id));
            int listRequests = listPages;
            for (String id : single) {
                Optional<HfPage> page = lookUpPage(id);
                if (page == null) {
                    return;
                }
                if (page.isEmpty()) {
                    gone.add(id);
                    continue;
                }
                skipped.addAll(page.get().skipped());
                page.get().papers().stream().filter(paper -> paper.arxivId().equals(id))
                        .forEach(paper -> snapshot(paper, capturedAt).ifPresent(snapshots::add));
            }
            LOG.info("Hugging Face refresh: {} due, {} listing(s) read in {} page(s), {} paper look-up(s)",
                    ids.size(), listings, listRequests, single.size());
        }

        /** The cheapest listings for the days of the due papers known to be in Daily Papers, by the days' sizes. */
        private List<HfWindow> plan(Collection<LocalDate> days) {
            Set<LocalDate> distinct = new TreeSet<>(days);
            if (distinct.isEmpty()) {
                return List.of();
            }
            Set<LocalDate> around = HfListingPlan.daysToSize(distinct);
            Map<String, String> read = cursors.cursors(NAME, around.stream().map(HfCursor::dayScope).toList());
            Map<LocalDate, Integer> sizes = new HashMap<>();
            for (LocalDate day : around) {
                HfCursor.parse(read.get(HfCursor.dayScope(day)))
                        .filter(cursor -> cursor.kind() == HfCursor.Kind.READ && cursor.date().equals(day)
                                && cursor.entries() != null)
                        .ifPresent(cursor -> sizes.put(day, cursor.entries()));
            }
            return HfListingPlan.cover(distinct, sizes, today);
        }

        private FoundPost foundPost(HfPaper paper) {
            Instant capturedAt = clock.instant();
            Instant createdAt = paper.appearedAt() != null ? paper.appearedAt() : capturedAt;
            Post post = new Post(NAME, paper.arxivId(),
                    paper.submitterId() != null ? paper.submitterId() : UNKNOWN_SUBMITTER,
                    paper.submitterHandle(), paper.submitterName(), paper.title(), null, createdAt);
            return new FoundPost(post, Set.of(paper.arxivId()), snapshot(paper, capturedAt).orElse(null));
        }
    }

    /** Upvotes are likes and comments replies; without an upvote count there is nothing to record. */
    private static Optional<PostSnapshot> snapshot(HfPaper paper, Instant capturedAt) {
        if (paper.upvotes() == null) {
            return Optional.empty();
        }
        return Optional.of(new PostSnapshot(NAME, paper.arxivId(), capturedAt, 0, paper.upvotes(), paper.comments(),
                0, null, null));
    }

    private static LocalDate min(LocalDate first, LocalDate second) {
        return first.isBefore(second) ? first : second;
    }
}
