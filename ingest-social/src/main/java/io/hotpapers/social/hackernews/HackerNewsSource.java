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
 * <p>Refresh asks for up to 100 stories by id in one request ({@code tags=story,(story_1,…)}); a story asked for
 * and not returned (deleted, dead, or flagged out of the index) is gone.
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

    /** @param maxRequestsPerRound the most search requests one discovery round makes */
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
        Round round = new Round(papers, windowStart(papers, notBefore, now), now.getEpochSecond() + 1);
        try {
            round.run();
        } catch (RemoteServiceException e) {
            // what earlier pages brought is kept; the cursors stay, so the next round reads the window again
            throw new DiscoveryCutShortException(round.found(Map.of()), e);
        }
        if (!round.complete) {
            return round.found(Map.of());
        }
        Map<String, String> cursors = new HashMap<>();
        String searchedThrough = Long.toString(now.getEpochSecond());
        papers.forEach(paper -> cursors.put(paper.arxivId(), searchedThrough));
        return round.found(cursors);
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

    @Override
    public Refresh refresh(List<String> postIds) {
        List<Skip> skipped = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (String postId : postIds) {
            if (postId != null && ITEM_ID.matcher(postId).matches()) {
                ids.add(Long.parseLong(postId));
            } else {
                skipped.add(new Skip("hackernews post " + postId, "not a Hacker News item id"));
            }
        }
        List<PostSnapshot> snapshots = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        int requests = 0;
        long read = 0;
        for (int from = 0; from < ids.size(); ) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + HackerNewsClient.MAX_IDS_PER_LOOKUP));
            Set<Long> returned = new HashSet<>();
            boolean complete = false;
            for (int page = 0; page <= HackerNewsParser.MAX_PAGES; page++) {
                PostBudget.Reservation reservation = budget.reserve(batch.size(), 1);
                if (reservation.granted() == 0) {
                    return new Refresh(snapshots, gone, requests, read, !budget.stopRequested(), skipped);
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
                        snapshots.add(snapshot(hit, capturedAt));
                    }
                }
                if (!answer.hasNextPage() || returned.size() == batch.size()) {
                    complete = true;
                    break;
                }
            }
            if (complete) {
                batch.stream().filter(id -> !returned.contains(id)).map(String::valueOf).forEach(gone::add);
            }
            from += batch.size();
        }
        return new Refresh(snapshots, gone, requests, read, false, skipped);
    }

    /** One discovery round over one window: what it found, and whether it read the window to its end. */
    private final class Round {
        private final Map<String, PaperTarget> wanted = new HashMap<>();
        private final long fromSecond;
        private final long beforeSecond;
        private final Map<Long, FoundPost> posts = new LinkedHashMap<>();
        private final List<Skip> skipped = new ArrayList<>();
        private int requests;
        private long read;
        private boolean budgetExhausted;
        private boolean complete;

        Round(List<PaperTarget> papers, long fromSecond, long beforeSecond) {
            papers.forEach(paper -> wanted.put(paper.arxivId(), paper));
            this.fromSecond = fromSecond;
            this.beforeSecond = beforeSecond;
        }

        Discovery found(Map<String, String> cursors) {
            return new Discovery(new ArrayList<>(posts.values()), cursors, requests, read, budgetExhausted, skipped);
        }

        /** Pages through the window; past Algolia's 1,000 reachable hits, continues below the oldest story read. */
        void run() {
            long before = beforeSecond;
            Set<Long> seen = new HashSet<>();
            while (true) {
                Query query = readQuery(before, seen);
                if (query == null) {
                    return; // budget, stop or the request bound: the cursors stay
                }
                if (query.totalHits <= query.delivered || query.oldestSecond == null) {
                    complete = true;
                    return;
                }
                // more matched than paging reaches: the next query ends at the oldest second read (re-read, deduped)
                long next = query.oldestSecond + 1;
                if (next >= before) {
                    LOG.warn("Hacker News has over {} stories linking {} in one second ({}); the window cannot be "
                            + "narrowed further, so its older stories are not read", HackerNewsClient.MAX_HITS_PER_PAGE,
                            LINK_TERM, Instant.ofEpochSecond(query.oldestSecond));
                    complete = true;
                    return;
                }
                before = next;
            }
        }

        /** What one query (a window's newest 1,000 hits at most) brought. */
        private record Query(long totalHits, long delivered, Long oldestSecond) {
        }

        /** Reads one query through its pages; {@code null} when the round had to stop before its end. */
        private Query readQuery(long before, Set<Long> seen) {
            long delivered = 0;
            Long oldest = null;
            for (int page = 0; ; page++) {
                if (requests >= maxRequestsPerRound) {
                    LOG.warn("Hacker News discovery reached its bound of {} requests between {} and {}; the cursors "
                            + "stay, the next round reads the window again", maxRequestsPerRound,
                            Instant.ofEpochSecond(fromSecond), Instant.ofEpochSecond(before));
                    return null;
                }
                PostBudget.Reservation reservation = budget.reserve(HackerNewsClient.MAX_HITS_PER_PAGE, 1);
                if (reservation.granted() == 0) {
                    budgetExhausted = !budget.stopRequested();
                    return null;
                }
                int pageNumber = page;
                HackerNewsPage answer = reservation.spend(() -> client.storiesLinking(LINK_TERM, fromSecond, before,
                        pageNumber, reservation.granted()), HackerNewsPage::delivered);
                requests++;
                read += answer.delivered();
                delivered += answer.delivered();
                skipped.addAll(answer.skipped());
                int fresh = 0;
                for (HackerNewsHit hit : answer.hits()) {
                    fresh += seen.add(hit.id()) ? 1 : 0;
                    oldest = oldest == null ? hit.createdAt().getEpochSecond()
                            : Math.min(oldest, hit.createdAt().getEpochSecond());
                    collect(hit);
                }
                if (!answer.hasNextPage()) {
                    return new Query(answer.totalHits(), delivered, oldest);
                }
                if (fresh == 0) {
                    LOG.warn("Hacker News sent page {} with no story not already read, and more pages; the rest of "
                            + "this window is not read and the cursors stay", page);
                    return null;
                }
            }
        }

        private void collect(HackerNewsHit hit) {
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
            posts.put(hit.id(), new FoundPost(post, papers, snapshot(hit, clock.instant())));
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
