package io.hotpapers.social.hackernews;

import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SocialSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hacker News as a {@link SocialSource}: a story whose link points at a paper is a post, its points are likes and
 * its comments replies; comments never count.
 *
 * <p>Discovery asks for every story linking arxiv.org in one time window, newest first, 1,000 a page, and matches
 * the links against the papers locally: one request per 1,000 stories however many papers are searched. Algolia
 * pages through at most 1,000 hits of one query, so a window with more continues below the oldest story read.
 * Each paper's cursor is the second its window was searched through (decimal epoch seconds); the next round
 * starts an hour before the oldest cursor, for stories the index took a while to show.
 *
 * <p>Refresh reads the same arxiv.org window newest first (1,000 stories a request) while each page brings at least
 * as many due stories as a lookup by id could (100), then asks for the rest by id, 100 a request
 * ({@code tags=story,(story_1,…)}). A story asked for by id and not returned (deleted, dead, or flagged out of
 * the index) is gone.
 */
public final class HackerNewsSource implements SocialSource {
    public static final String NAME = "hackernews";
    /** What the links of the searched stories must contain (matched as tokens of the url, checked here after). */
    static final String LINK_TERM = "arxiv.org";
    /** How long the index may take to show a new story: each round starts this long before the last one ended. */
    static final Duration INDEX_LAG = Duration.ofHours(1);
    /** Enough for every arXiv story Hacker News ever had many times over; a bound, not a budget. */
    public static final int DEFAULT_MAX_REQUESTS_PER_ROUND = 100;

    private static final Logger LOG = LoggerFactory.getLogger(HackerNewsSource.class);
    private static final Pattern ITEM_ID = Pattern.compile("[1-9][0-9]{0,14}");

    private final HackerNewsClient client;
    private final ArxivLinkExtractor links;
    private final PostBudget budget;
    private final int maxRequestsPerRound;
    private final Clock clock;

    /** @param maxRequestsPerRound the most requests one discovery or refresh round makes */
    public HackerNewsSource(HackerNewsClient client, ArxivLinkExtractor links, PostBudget budget,
                            int maxRequestsPerRound, Clock clock) {
        if (maxRequestsPerRound < 1) {
            throw new IllegalArgumentException("at least one request per round, got " + maxRequestsPerRound);
        }
        this.client = client;
        this.links = links;
        this.budget = budget;
        this.maxRequestsPerRound = maxRequestsPerRound;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Cursors are epoch seconds: a later one has seen more; one that is not a number counts as never searched. */
    @Override
    public Comparator<String> cursorOrder() {
        return Comparator.comparing(HackerNewsSource::cursorSecond, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    @Override
    public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
        if (papers.isEmpty()) {
            return new Discovery(List.of(), Map.of(), 0, 0, false, List.of());
        }
        Instant now = clock.instant();
        Map<String, PaperTarget> wanted = new HashMap<>();
        papers.forEach(paper -> wanted.put(paper.arxivId(), paper));
        Map<Long, FoundPost> found = new LinkedHashMap<>();
        WindowScan scan = new WindowScan(windowStart(papers, notBefore, now), now.getEpochSecond() + 1);
        WindowScan.End end;
        try {
            end = scan.read(page -> {
                page.hits().forEach(hit -> collect(hit, wanted, found));
                return true;
            });
        } catch (RemoteServiceException e) {
            // what earlier pages brought is kept; the cursors stay, so the next round reads the window again
            throw new DiscoveryCutShortException(discovery(found, Map.of(), scan), e);
        }
        if (end != WindowScan.End.COMPLETE) {
            return discovery(found, Map.of(), scan);
        }
        Map<String, String> cursors = new HashMap<>();
        String searchedThrough = Long.toString(now.getEpochSecond());
        papers.forEach(paper -> cursors.put(paper.arxivId(), searchedThrough));
        return discovery(found, cursors, scan);
    }

    private static Discovery discovery(Map<Long, FoundPost> found, Map<String, String> cursors, WindowScan scan) {
        return new Discovery(new ArrayList<>(found.values()), cursors, scan.requests, scan.read, scan.budgetExhausted,
                scan.skipped);
    }

    /** The earliest second to search: a paper never searched from notBefore, the others from their cursor. */
    private static long windowStart(List<PaperTarget> papers, Instant notBefore, Instant now) {
        long start = now.getEpochSecond();
        for (PaperTarget paper : papers) {
            Long cursor = cursorSecond(paper.cursor());
            long from = cursor == null ? notBefore.getEpochSecond()
                    : Math.max(notBefore.getEpochSecond(), cursor - INDEX_LAG.toSeconds());
            start = Math.min(start, from);
        }
        return Math.max(start, HackerNewsParser.ARXIV_START.getEpochSecond());
    }

    private void collect(HackerNewsHit hit, Map<String, PaperTarget> wanted, Map<Long, FoundPost> found) {
        if (!hit.isStory() || hit.url() == null) {
            return; // a comment that mentions a paper is talk about it, not a post of it
        }
        Set<String> papers = new LinkedHashSet<>();
        links.paperId(hit.url()).filter(wanted::containsKey).ifPresent(papers::add);
        if (papers.isEmpty()) {
            return; // arxiv.org, but no paper of this round (a listing page, another paper)
        }
        Post post = new Post(NAME, Long.toString(hit.id()), hit.author(), hit.author(), null, hit.title(), null,
                hit.createdAt());
        found.put(hit.id(), new FoundPost(post, papers, snapshot(hit, clock.instant())));
    }

    @Override
    public Refresh refresh(List<String> postIds) {
        List<Skip> skipped = new ArrayList<>();
        Set<Long> due = new LinkedHashSet<>();
        for (String postId : postIds) {
            if (postId != null && ITEM_ID.matcher(postId).matches()) {
                due.add(Long.parseLong(postId));
            } else {
                skipped.add(new Skip("hackernews post " + postId, "not a Hacker News item id"));
            }
        }
        Map<Long, PostSnapshot> snapshots = new LinkedHashMap<>();
        WindowScan scan = new WindowScan(HackerNewsParser.ARXIV_START.getEpochSecond(),
                clock.instant().getEpochSecond() + 1);
        if (due.size() > HackerNewsClient.MAX_IDS_PER_LOOKUP) {
            // a page of the window pays off while it brings at least as many due stories as a lookup by id can
            scan.read(page -> {
                int matched = 0;
                Instant capturedAt = clock.instant();
                for (HackerNewsHit hit : page.hits()) {
                    if (hit.isStory() && due.remove(hit.id())) {
                        snapshots.put(hit.id(), snapshot(hit, capturedAt));
                        matched++;
                    }
                }
                return matched >= HackerNewsClient.MAX_IDS_PER_LOOKUP && due.size() > HackerNewsClient.MAX_IDS_PER_LOOKUP;
            });
        }
        Lookups lookups = lookUp(new ArrayList<>(due), snapshots, skipped, scan.requests);
        skipped.addAll(0, scan.skipped);
        return new Refresh(new ArrayList<>(snapshots.values()), lookups.gone, scan.requests + lookups.requests,
                scan.read + lookups.read, scan.budgetExhausted || lookups.budgetExhausted, skipped);
    }

    /** What the lookups by id of a refresh did. */
    private record Lookups(Set<String> gone, int requests, long read, boolean budgetExhausted) {
    }

    /** Looks the stories up by id, 100 a request; those a complete answer lacks are gone. */
    private Lookups lookUp(List<Long> ids, Map<Long, PostSnapshot> snapshots, List<Skip> skipped, int requestsBefore) {
        Set<String> gone = new HashSet<>();
        int requests = 0;
        long read = 0;
        for (int from = 0; from < ids.size(); from += HackerNewsClient.MAX_IDS_PER_LOOKUP) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + HackerNewsClient.MAX_IDS_PER_LOOKUP));
            Set<Long> returned = new HashSet<>();
            for (int page = 0; ; page++) {
                if (requestsBefore + requests >= maxRequestsPerRound) {
                    LOG.warn("Hacker News refresh reached its bound of {} requests; {} stories stay due",
                            maxRequestsPerRound, ids.size() - from);
                    return new Lookups(gone, requests, read, false);
                }
                PostBudget.Reservation reservation = budget.reserve(batch.size(), 1);
                if (reservation.granted() == 0) {
                    return new Lookups(gone, requests, read, !budget.stopRequested());
                }
                int pageNumber = page;
                HackerNewsPage answer = reservation.spend(() -> client.stories(batch, pageNumber),
                        HackerNewsPage::delivered);
                requests++;
                read += answer.delivered();
                skipped.addAll(answer.skipped());
                Instant capturedAt = clock.instant();
                for (HackerNewsHit hit : answer.hits()) {
                    // a lookup answers for the stories asked about: anything else is not read into them
                    if (hit.isStory() && batch.contains(hit.id()) && returned.add(hit.id())) {
                        snapshots.put(hit.id(), snapshot(hit, capturedAt));
                    }
                }
                if (!answer.hasNextPage() || returned.size() == batch.size()) {
                    break;
                }
            }
            batch.stream().filter(id -> !returned.contains(id)).map(String::valueOf).forEach(gone::add);
        }
        return new Lookups(gone, requests, read, false);
    }

    /**
     * Reads the stories linking arxiv.org created in one window, newest first, page by page; past the 1,000 hits
     * Algolia pages through, it continues with a query that ends at the oldest second read (re-read, deduplicated).
     */
    private final class WindowScan {
        /** How a scan ended: the window read to its end, the caller content, or cut (budget, stop, bound). */
        enum End { COMPLETE, ENOUGH, CUT }

        private final long fromSecond;
        private final long beforeSecond;
        private final Set<Long> seen = new HashSet<>();
        private final List<Skip> skipped = new ArrayList<>();
        private int requests;
        private long read;
        private boolean budgetExhausted;

        WindowScan(long fromSecond, long beforeSecond) {
            this.fromSecond = fromSecond;
            this.beforeSecond = beforeSecond;
        }

        /** @param onPage takes each page's new hits; returns whether to read on */
        End read(Predicate<HackerNewsPage> onPage) {
            long before = beforeSecond;
            while (true) {
                long delivered = 0;
                Long oldest = null;
                HackerNewsPage answer;
                int page = 0;
                do {
                    if (requests >= maxRequestsPerRound) {
                        LOG.warn("Hacker News reached its bound of {} requests in one round between {} and {}; the "
                                + "rest is read next round", maxRequestsPerRound, Instant.ofEpochSecond(fromSecond),
                                Instant.ofEpochSecond(before));
                        return End.CUT;
                    }
                    PostBudget.Reservation reservation = budget.reserve(HackerNewsClient.MAX_HITS_PER_PAGE, 1);
                    if (reservation.granted() == 0) {
                        budgetExhausted = !budget.stopRequested();
                        return End.CUT;
                    }
                    long queryBefore = before;
                    int pageNumber = page;
                    answer = reservation.spend(() -> client.storiesLinking(LINK_TERM, fromSecond, queryBefore,
                            pageNumber, reservation.granted()), HackerNewsPage::delivered);
                    requests++;
                    read += answer.delivered();
                    delivered += answer.delivered();
                    skipped.addAll(answer.skipped());
                    List<HackerNewsHit> fresh = new ArrayList<>();
                    for (HackerNewsHit hit : answer.hits()) {
                        long second = hit.createdAt().getEpochSecond();
                        oldest = oldest == null ? second : Math.min(oldest, second);
                        if (seen.add(hit.id())) {
                            fresh.add(hit);
                        }
                    }
                    boolean more = onPage.test(new HackerNewsPage(fresh, answer.page(), answer.pages(),
                            answer.hitsPerPage(), answer.totalHits(), answer.delivered(), List.of()));
                    if (!more) {
                        return End.ENOUGH;
                    }
                    if (answer.hasNextPage() && fresh.isEmpty()) {
                        LOG.warn("Hacker News sent page {} with no story not already read, and more pages; the rest "
                                + "of the window is read next round", page);
                        return End.CUT;
                    }
                    page++;
                } while (answer.hasNextPage());
                if (answer.totalHits() <= delivered || oldest == null) {
                    return End.COMPLETE;
                }
                // more matched than paging reaches: the next query ends at the oldest second read
                if (oldest + 1 >= before) {
                    LOG.warn("Hacker News has over {} stories linking {} in one second ({}); the older ones are not "
                            + "read", HackerNewsClient.MAX_HITS_PER_PAGE, LINK_TERM, Instant.ofEpochSecond(oldest));
                    return End.COMPLETE;
                }
                before = oldest + 1;
            }
        }
    }

    private static PostSnapshot snapshot(HackerNewsHit story, Instant capturedAt) {
        // points are likes, comments replies; Hacker News has nothing like reposts or quotes
        return new PostSnapshot(NAME, Long.toString(story.id()), capturedAt, 0, story.points(), story.comments(), 0,
                null, null);
    }

    private static Long cursorSecond(String cursor) {
        if (cursor == null || !cursor.matches("[0-9]{1,12}")) {
            return null;
        }
        return Long.parseLong(cursor);
    }
}
