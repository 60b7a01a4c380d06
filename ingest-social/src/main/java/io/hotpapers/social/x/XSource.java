package io.hotpapers.social.x;

import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.text.ErrorText;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.UsageStore;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X as a {@link SocialSource}: packed {@code url:} searches (recent, or full-archive when the account may and the
 * papers are older than recent search reaches), paged with {@code next_token}, and lookups of 100 posts.
 *
 * <p>X bills every post it returns (once per UTC day) and every user object: searches and lookups carry no author
 * expansion, and after a round the authors not stored yet are looked up on their own, 100 at a time.
 *
 * <p>Paging of one query ends at the last page, at a page that brings no post not already seen in this query, or
 * after {@code maxPagesPerQuery} pages, whichever comes first: a misbehaving {@code next_token} cannot page forever.
 */
public final class XSource implements SocialSource {
    public static final String NAME = "x";

    private static final Logger LOG = LoggerFactory.getLogger(XSource.class);
    /** Recent search covers the last seven days; a little margin keeps start_time inside it. */
    private static final Duration RECENT_REACH = Duration.ofDays(7).minusMinutes(5);

    private final XClient client;
    private final QueryPacker packer;
    private final ArxivLinkExtractor links;
    private final PostBudget budget;
    private final boolean fullArchive;
    private final int maxPagesPerQuery;
    private final Clock clock;
    private final KnownAuthors knownAuthors;
    private boolean archiveWarningGiven;

    /** Which authors are stored with their handle already (e.g. {@code PostStore#knownAuthors}). */
    @FunctionalInterface
    public interface KnownAuthors {
        KnownAuthors NONE = ids -> Set.of();

        Set<String> known(Collection<String> authorIds);
    }

    /** A source that looks up the author of every post it finds. */
    public XSource(XClient client, QueryPacker packer, ArxivLinkExtractor links, PostBudget budget,
                   boolean fullArchive, int maxPagesPerQuery, Clock clock) {
        this(client, packer, links, budget, fullArchive, maxPagesPerQuery, clock, KnownAuthors.NONE);
    }

    /**
     * @param maxPagesPerQuery the most pages read for one packed query ({@code X_MAX_PAGES_PER_QUERY})
     * @param knownAuthors the authors whose handle is stored: they are not looked up again
     */
    public XSource(XClient client, QueryPacker packer, ArxivLinkExtractor links, PostBudget budget,
                   boolean fullArchive, int maxPagesPerQuery, Clock clock, KnownAuthors knownAuthors) {
        if (maxPagesPerQuery < 1) {
            throw new IllegalArgumentException("at least one page per query, got " + maxPagesPerQuery);
        }
        this.client = client;
        this.packer = packer;
        this.links = links;
        this.budget = budget;
        this.fullArchive = fullArchive;
        this.maxPagesPerQuery = maxPagesPerQuery;
        this.clock = clock;
        this.knownAuthors = knownAuthors;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
        Instant recentLimit = clock.instant().minus(RECENT_REACH);
        boolean needsArchive = notBefore.isBefore(recentLimit);
        if (needsArchive && !fullArchive) {
            if (!archiveWarningGiven) {
                LOG.warn("Posts older than 7 days cannot be searched on this X account (set X_FULL_ARCHIVE=true if "
                        + "it has full-archive access); searching the last 7 days only");
                archiveWarningGiven = true;
            }
        }
        XClient.Search endpoint = needsArchive && fullArchive ? XClient.Search.ALL : XClient.Search.RECENT;
        Instant startTime = endpoint == XClient.Search.RECENT && needsArchive ? recentLimit : notBefore;
        Round round = new Round(endpoint, startTime);
        try {
            for (QueryPacker.PackedQuery query : packer.pack(papers)) {
                if (round.budgetExhausted) {
                    break;
                }
                round.search(query);
            }
            round.lookUpAuthors();
        } catch (RemoteServiceException e) {
            // the posts of earlier pages are read and paid for: hand them over with the failure
            throw new DiscoveryCutShortException(round.found(), e);
        }
        return round.found();
    }

    /** What X bills for a page of posts: each post it names (once per UTC day), each it sent in a broken shape. */
    static UsageStore.Bill bill(XPage page) {
        List<String> ids = page.tweets().stream().map(tweet -> Long.toString(tweet.id())).toList();
        return new UsageStore.Bill(ids, Math.max(0, page.postsRead() - ids.size()), 0);
    }

    /** X ids are snowflakes: a newer post has a greater id, so the greater cursor is the newer one. */
    @Override
    public Comparator<String> cursorOrder() {
        return Comparator.comparing(XSource::parseId, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    @Override
    public Refresh refresh(List<String> postIds) {
        List<PostSnapshot> snapshots = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        List<Skip> skipped = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (String postId : postIds) {
            Long id = parseId(postId);
            if (id == null) {
                skipped.add(new Skip("x post " + postId, "not an X post id"));
            } else {
                ids.add(id);
            }
        }
        return refreshIds(ids, snapshots, gone, skipped);
    }

    private Refresh refreshIds(List<Long> postIds, List<PostSnapshot> snapshots, Set<String> gone,
                               List<Skip> skipped) {
        int requests = 0;
        long postsRead = 0;
        for (int from = 0; from < postIds.size(); ) {
            int wanted = Math.min(XClient.MAX_LOOKUP_IDS, postIds.size() - from);
            PostBudget.Reservation reservation = budget.reserve(wanted, 1);
            if (reservation.granted() == 0) {
                return new Refresh(snapshots, gone, requests, postsRead, true, skipped);
            }
            List<Long> batch = postIds.subList(from, from + reservation.granted());
            XPage page = reservation.spendBilled(() -> client.lookup(batch), XSource::bill);
            requests++;
            postsRead += page.postsRead();
            Instant capturedAt = clock.instant();
            skipped.addAll(page.skipped());
            for (XTweet tweet : page.tweets()) {
                if (tweet.metrics() != null) {
                    snapshots.add(snapshot(tweet, capturedAt));
                }
            }
            page.problems().stream().filter(XProblem::isTweetGone)
                    .map(problem -> parseId(problem.resourceId()))
                    .filter(Objects::nonNull)
                    .map(String::valueOf)
                    .forEach(gone::add);
            from += batch.size();
        }
        return new Refresh(snapshots, gone, requests, postsRead, false, skipped);
    }

    /** One discovery round: its posts, cursors and counts. */
    private final class Round {
        private final XClient.Search endpoint;
        private final Instant startTime;
        private final Map<Long, FoundPost> posts = new LinkedHashMap<>();
        private final Map<String, Long> newest = new HashMap<>();
        private final Map<Long, XUser> authors = new HashMap<>();
        private final List<Skip> skipped = new ArrayList<>();
        private int requests;
        private long postsRead;
        private boolean budgetExhausted;

        Round(XClient.Search endpoint, Instant startTime) {
            this.endpoint = endpoint;
            this.startTime = startTime;
        }

        Discovery found() {
            Map<String, String> cursors = new HashMap<>();
            newest.forEach((arxivId, id) -> cursors.put(arxivId, Long.toString(id)));
            return new Discovery(new ArrayList<>(posts.values()), cursors, requests, postsRead, budgetExhausted,
                    skipped);
        }

        /**
         * Reads handle and name of the authors of this round's posts that are not stored yet, within the budget;
         * a post whose author could not be read is stored without them (a later round may fill them in).
         */
        void lookUpAuthors() {
            Set<String> wanted = new java.util.TreeSet<>();
            posts.values().forEach(found -> {
                String authorId = found.post().authorId();
                if (authorId != null && !authorId.equals("0") && !authors.containsKey(parseId(authorId))) {
                    wanted.add(authorId);
                }
            });
            wanted.removeAll(knownAuthors.known(wanted));
            List<Long> ids = wanted.stream().map(XSource::parseId).filter(Objects::nonNull).toList();
            for (int from = 0; from < ids.size(); ) {
                PostBudget.Reservation reservation = budget.reserveUsers(Math.min(XClient.MAX_LOOKUP_IDS,
                        ids.size() - from));
                if (reservation.granted() == 0) {
                    budgetExhausted |= !budget.stopRequested();
                    LOG.info("X authors of {} post(s) left unread: the month's budget is spent", ids.size() - from);
                    break;
                }
                List<Long> batch = ids.subList(from, from + reservation.granted());
                XPage page = reservation.spendBilled(() -> client.users(batch),
                        answer -> new UsageStore.Bill(List.of(), 0, answer.users().size() + answer.skipped().size()));
                requests++;
                skipped.addAll(page.skipped());
                authors.putAll(page.users());
                from += batch.size();
            }
            posts.replaceAll((id, found) -> {
                XUser author = authors.get(parseId(found.post().authorId()));
                if (author == null || found.post().authorHandle() != null) {
                    return found;
                }
                Post post = found.post();
                return new FoundPost(new Post(post.source(), post.postId(), post.authorId(), author.username(),
                        author.name(), post.text(), post.lang(), post.createdAt()), found.arxivIds(), found.snapshot());
            });
        }

        void search(QueryPacker.PackedQuery query) {
            Long sinceId = sinceId(query.papers());
            String token = null;
            Set<String> seenTokens = new HashSet<>();
            Set<Long> seenPosts = new HashSet<>();
            Long newestSeen = null;
            int pages = 0;
            do {
                PostBudget.Reservation reservation = budget.reserve(endpoint.maxResults(), endpoint.minResults());
                if (reservation.granted() == 0) {
                    budgetExhausted = true;
                    return; // an unfinished search leaves its cursors where they were
                }
                String pageToken = token;
                XPage page;
                try {
                    page = reservation.spendBilled(() -> client.search(endpoint, query.query(), sinceId,
                            sinceId == null ? startTime : null, pageToken, reservation.granted()), XSource::bill);
                } catch (XInvalidRequestException e) {
                    splitAndRetry(query, e);
                    return;
                }
                requests++;
                pages++;
                // every delivered post was billed, repeated or not: the reservation settled with all of them
                postsRead += page.postsRead();
                if (newestSeen == null && page.newestId() != null) {
                    newestSeen = parseId(page.newestId());
                }
                collect(page);
                int newPosts = countNew(page, seenPosts);
                token = page.nextToken();
                if (token != null && !seenTokens.add(token)) {
                    LOG.warn("X repeated a next_token for {}; stopping its paging", describe(query));
                    break;
                }
                if (token != null && newPosts == 0) {
                    LOG.warn("X sent page {} for {} with no post not already seen, and another next_token; "
                            + "stopping its paging", pages, describe(query));
                    break;
                }
                if (token != null && pages >= maxPagesPerQuery) {
                    LOG.warn("X search for {} reached X_MAX_PAGES_PER_QUERY ({} pages); its older posts are not "
                            + "read", describe(query), maxPagesPerQuery);
                    break;
                }
            } while (token != null);
            for (PaperTarget paper : query.papers()) {
                Long cursor = newestSeen != null ? newestSeen : sinceId(paper);
                if (cursor != null) {
                    newest.merge(paper.arxivId(), cursor, Math::max);
                }
            }
        }

        private void splitAndRetry(QueryPacker.PackedQuery query, XInvalidRequestException e) {
            if (query.papers().size() == 1) {
                LOG.warn("X rejected the query for {}: {}", query.papers().get(0).arxivId(),
                        ErrorText.withoutSecrets().of(e));
                skipped.add(new Skip(query.papers().get(0).arxivId(), e.getMessage()));
                return;
            }
            List<PaperTarget> papers = query.papers();
            int half = papers.size() / 2;
            // each half has fewer papers, so the splitting ends at the paper X rejects
            for (List<PaperTarget> part : List.of(papers.subList(0, half), papers.subList(half, papers.size()))) {
                packer.pack(part).forEach(this::search);
            }
        }

        private void collect(XPage page) {
            Instant capturedAt = clock.instant();
            skipped.addAll(page.skipped()); // poison posts: recorded with their reason, the rest of the page kept
            authors.putAll(page.users());
            for (XTweet tweet : page.tweets()) {
                if (tweet.retweet() || tweet.createdAt() == null) {
                    continue; // a retweet carries its original's counts; counting it would inflate them
                }
                Set<String> papers = links.paperIds(tweet.expandedUrls());
                if (papers.isEmpty()) {
                    continue; // matched a token, but links no paper
                }
                XUser author = authors.get(tweet.authorId());
                Post stored = new Post(NAME, Long.toString(tweet.id()), Long.toString(tweet.authorId()),
                        author == null ? null : author.username(), author == null ? null : author.name(),
                        tweet.text(), tweet.lang(), tweet.createdAt());
                posts.put(tweet.id(), new FoundPost(stored, papers,
                        tweet.metrics() == null ? null : snapshot(tweet, capturedAt)));
            }
        }
    }

    /** How many posts of the page this query has not seen before; remembers them. */
    private static int countNew(XPage page, Set<Long> seenPosts) {
        int fresh = 0;
        for (XTweet tweet : page.tweets()) {
            fresh += seenPosts.add(tweet.id()) ? 1 : 0;
        }
        return fresh;
    }

    /** A packed query named shortly for a log line: its first papers and its length (the query may be 1024 long). */
    static String describe(QueryPacker.PackedQuery query) {
        List<PaperTarget> papers = query.papers();
        String first = papers.stream().limit(3).map(PaperTarget::arxivId).collect(Collectors.joining(", "));
        String more = papers.size() > 3 ? " and " + (papers.size() - 3) + " more" : "";
        return "the query for " + first + more + " (" + query.query().length() + " characters)";
    }

    /** The since_id of a packed query: the oldest cursor among its papers, or none if one was never searched. */
    private static Long sinceId(List<PaperTarget> papers) {
        Long oldest = null;
        for (PaperTarget paper : papers) {
            Long since = sinceId(paper);
            if (since == null) {
                return null;
            }
            oldest = oldest == null ? since : Math.min(oldest, since);
        }
        return oldest;
    }

    /** The paper's cursor as X's since_id; a cursor that is not an X id counts as never searched. */
    private static Long sinceId(PaperTarget paper) {
        return parseId(paper.cursor());
    }

    private static PostSnapshot snapshot(XTweet tweet, Instant capturedAt) {
        XMetrics metrics = tweet.metrics();
        // X's names onto the neutral vocabulary: retweets are reposts, favorites likes
        return new PostSnapshot(NAME, Long.toString(tweet.id()), capturedAt, metrics.retweets(), metrics.likes(),
                metrics.replies(), metrics.quotes(), metrics.bookmarks(), metrics.impressions());
    }

    private static Long parseId(String id) {
        try {
            return id == null ? null : Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
