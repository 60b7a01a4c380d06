package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SocialSource;
import io.hotpapers.social.bluesky.stream.JetstreamGaps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bluesky as a {@link SocialSource}. Discovery searches ({@code searchPosts}, one search per paper and time window,
 * paged by cursor) only with a session: without credentials it finds nothing and says once that older posts need
 * them (the live stream finds new posts without). Refresh re-reads tracked posts with {@code getPosts}, 25 a call,
 * without credentials; a post missing from the answer is gone.
 *
 * <p>Paging of one search ends at the last page, at a repeated cursor, at a page with no post not already seen, or
 * after {@code maxPagesPerSearch} pages, whichever comes first. A paper's cursor is the end of the window its last
 * complete search covered (an instant); the next search starts a little before it, for posts indexed late.
 */
public final class BlueskySource implements SocialSource {
    public static final String NAME = PostRecordParser.SOURCE;

    private static final Logger LOG = LoggerFactory.getLogger(BlueskySource.class);
    /** Searches overlap the previous window by this much: posts are indexed a little after they are written. */
    static final Duration OVERLAP = Duration.ofMinutes(15);

    private final BlueskyClient client;
    private final PostBudget budget;
    private final int maxPagesPerSearch;
    private final Clock clock;
    private final JetstreamGaps streamGaps;
    private boolean noSessionNoticeGiven;

    public BlueskySource(BlueskyClient client, PostBudget budget, int maxPagesPerSearch, Clock clock) {
        this(client, budget, maxPagesPerSearch, clock, null);
    }

    /**
     * @param streamGaps the spans the live stream missed, which a complete search round fills (its searches cover
     *     every active paper up to the round's start), or {@code null} without a stream
     */
    public BlueskySource(BlueskyClient client, PostBudget budget, int maxPagesPerSearch, Clock clock,
                         JetstreamGaps streamGaps) {
        this.streamGaps = streamGaps;
        if (maxPagesPerSearch < 1) {
            throw new IllegalArgumentException("at least one page per search, got " + maxPagesPerSearch);
        }
        this.client = client;
        this.budget = budget;
        this.maxPagesPerSearch = maxPagesPerSearch;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Cursors are instants: the later one has seen more. One that is not an instant counts as never searched. */
    @Override
    public Comparator<String> cursorOrder() {
        return Comparator.comparing(BlueskySource::parseCursor, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    @Override
    public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
        if (!client.canSearch()) {
            if (!noSessionNoticeGiven) {
                LOG.warn("Bluesky posts older than the live stream cannot be found without BLUESKY_HANDLE and "
                        + "BLUESKY_APP_PASSWORD (searchPosts needs a session); skipping Bluesky search");
                noSessionNoticeGiven = true;
            }
            return new Discovery(List.of(), Map.of(), 0, 0, false, List.of());
        }
        Optional<JetstreamGaps.Gap> gap = streamGaps == null ? Optional.empty() : streamGaps.open();
        Round round = new Round(clock.instant());
        try {
            for (PaperTarget paper : papers) {
                if (round.budgetExhausted) {
                    break;
                }
                round.search(paper, notBefore);
            }
        } catch (RemoteServiceException e) {
            throw new DiscoveryCutShortException(round.found(), e);
        }
        Discovery found = round.found();
        // every paper's search reached the round's start: posts the stream missed before it are found now
        gap.filter(missed -> !found.budgetExhausted() && !missed.to().isAfter(round.until)
                        && found.cursors().keySet().containsAll(papers.stream().map(PaperTarget::arxivId).toList()))
                .ifPresent(missed -> {
                    streamGaps.markFilled(missed);
                    LOG.info("Bluesky search covered the live stream's gap from {} to {}", missed.from(), missed.to());
                });
        return found;
    }

    /** One discovery round: its posts, cursors and counts. */
    private final class Round {
        private final Instant until;
        private final Map<String, FoundPost> posts = new LinkedHashMap<>();
        private final Map<String, String> cursors = new HashMap<>();
        private final List<Skip> skipped = new ArrayList<>();
        private int requests;
        private long postsRead;
        private boolean budgetExhausted;

        Round(Instant until) {
            this.until = until;
        }

        Discovery found() {
            return new Discovery(new ArrayList<>(posts.values()), cursors, requests, postsRead, budgetExhausted,
                    skipped);
        }

        void search(PaperTarget paper, Instant notBefore) {
            Instant searched = parseCursor(paper.cursor());
            Instant since = searched == null || searched.minus(OVERLAP).isBefore(notBefore) ? notBefore
                    : searched.minus(OVERLAP);
            BlueskyClient.Search search = new BlueskyClient.Search(paper.arxivId(),
                    "https://arxiv.org/abs/" + paper.arxivId(), since, until);
            Set<String> seenCursors = new HashSet<>();
            Set<String> seenPosts = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                PostBudget.Reservation reservation = budget.reserve(BlueskyClient.MAX_SEARCH_LIMIT, 1);
                if (reservation.granted() == 0) {
                    budgetExhausted = true;
                    return; // an unfinished search leaves its cursor where it was
                }
                String pageCursor = cursor;
                BlueskyPage page;
                try {
                    page = reservation.spend(() -> client.searchPosts(search, pageCursor, reservation.granted()),
                            BlueskyPage::postsRead);
                } catch (BlueskyInvalidRequestException e) {
                    LOG.warn("Bluesky rejected the search for {}: {}", paper.arxivId(), e.getMessage());
                    skipped.add(new Skip(paper.arxivId(), e.getMessage()));
                    return;
                }
                requests++;
                pages++;
                postsRead += page.postsRead();
                skipped.addAll(page.skipped());
                int fresh = 0;
                for (BlueskyPage.ViewedPost viewed : page.posts()) {
                    fresh += seenPosts.add(viewed.uri()) ? 1 : 0;
                    if (viewed.linking() != null) {
                        posts.merge(viewed.uri(), viewed.linking(), BlueskySource::withAllPapers);
                    }
                }
                cursor = page.cursor();
                if (cursor != null && !seenCursors.add(cursor)) {
                    LOG.warn("Bluesky repeated a search cursor for {}; stopping its paging", paper.arxivId());
                    break;
                }
                if (cursor != null && fresh == 0) {
                    LOG.warn("Bluesky sent search page {} for {} with no post not already seen, and another cursor; "
                            + "stopping its paging", pages, paper.arxivId());
                    break;
                }
                if (cursor != null && pages >= maxPagesPerSearch) {
                    LOG.warn("Bluesky search for {} reached {} pages; its older posts in the window are not read",
                            paper.arxivId(), maxPagesPerSearch);
                    break;
                }
            } while (cursor != null);
            cursors.put(paper.arxivId(), until.toString());
        }
    }

    /** The same post found by two searches (or as a quote and itself) links every paper either found. */
    private static FoundPost withAllPapers(FoundPost first, FoundPost second) {
        Set<String> papers = new LinkedHashSet<>(first.arxivIds());
        papers.addAll(second.arxivIds());
        return new FoundPost(first.post(), papers, first.snapshot() != null ? first.snapshot() : second.snapshot());
    }

    @Override
    public Refresh refresh(List<String> postIds) {
        List<PostSnapshot> snapshots = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        List<Skip> skipped = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (String postId : postIds) {
            if (BlueskyIds.parsePostUri(postId).isPresent()) {
                uris.add(postId);
            } else {
                skipped.add(new Skip("bluesky post " + BlueskyIds.quote(postId), "not an at:// URI of a Bluesky post"));
            }
        }
        int requests = 0;
        long postsRead = 0;
        for (int from = 0; from < uris.size(); ) {
            int wanted = Math.min(BlueskyClient.MAX_GET_POSTS, uris.size() - from);
            PostBudget.Reservation reservation = budget.reserve(wanted, 1);
            if (reservation.granted() == 0) {
                return new Refresh(snapshots, gone, requests, postsRead, true, skipped);
            }
            List<String> batch = uris.subList(from, from + reservation.granted());
            BlueskyPage page = reservation.spend(() -> client.getPosts(batch), BlueskyPage::postsRead);
            requests++;
            postsRead += page.postsRead();
            skipped.addAll(page.skipped());
            Set<String> asked = new HashSet<>(batch);
            Set<String> answered = new HashSet<>();
            for (BlueskyPage.ViewedPost viewed : page.posts()) {
                // a quoted post in the answer was not asked about here: only the asked posts get snapshots
                if (asked.contains(viewed.uri()) && viewed.snapshot() != null && answered.add(viewed.uri())) {
                    snapshots.add(viewed.snapshot());
                }
            }
            page.skipped().forEach(skip -> answered.add(skip.item().replaceFirst("^bluesky post ", "")));
            // getPosts leaves deleted, taken-down and blocked posts out of its answer
            batch.stream().filter(uri -> !answered.contains(uri)).forEach(gone::add);
            from += batch.size();
        }
        return new Refresh(snapshots, gone, requests, postsRead, false, skipped);
    }

    private static Instant parseCursor(String cursor) {
        try {
            return cursor == null ? null : Instant.parse(cursor);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
