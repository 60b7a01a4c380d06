package io.hotpapers.core.digest;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.tweet.Counts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Ranks the papers of one mailing date by engagement as it stood at a cutoff.
 *
 * <p>A paper's score is the sum of retweets plus likes over the distinct original tweets linking it, each from
 * its latest snapshot at or before the cutoff; a tweet gone before the cutoff does not count. Ties are broken by
 * retweets, then by arXiv id.
 */
public final class DigestQuery {
    /** Which tweets link which of the day's papers (the papers as one sorted array: one pass over the index). */
    private static final String LINKS_OF_THE_DAY = """
            SELECT arxiv_id, tweet_id FROM tweet_papers
            WHERE arxiv_id = ANY (ARRAY(
                SELECT DISTINCT arxiv_id FROM listings
                WHERE mailing_date = :date AND category IN (<categories>) AND announce_type IN (<types>)
                ORDER BY arxiv_id))
            """;

    /** The live tweets whose latest snapshot is not newer than the cutoff (the usual case), counted from the rollup. */
    private static final String COUNTED_FROM_ROLLUP = """
            SELECT t.tweet_id, t.username, t.display_name, t.text, t.lang, t.created_at,
                   x.captured_at, x.retweet_count, x.like_count, x.reply_count, x.quote_count
            FROM tweets t
            JOIN tweet_latest x ON x.tweet_id = t.tweet_id
            WHERE t.tweet_id = ANY (:ids) AND x.tweet_id = ANY (:ids) AND x.captured_at <= :cutoff
              AND (t.gone_at IS NULL OR t.gone_at > :cutoff)
            """;

    /** The other live tweets, counted at their latest snapshot at the cutoff from the history. */
    private static final String COUNTED_FROM_HISTORY = """
            SELECT t.tweet_id, t.username, t.display_name, t.text, t.lang, t.created_at,
                   s.captured_at, s.retweet_count, s.like_count, s.reply_count, s.quote_count
            FROM tweets t
            CROSS JOIN LATERAL (
                SELECT captured_at, retweet_count, like_count, reply_count, quote_count FROM tweet_snapshots
                WHERE tweet_id = t.tweet_id AND captured_at <= :cutoff
                ORDER BY captured_at DESC LIMIT 1
            ) s
            WHERE t.tweet_id = ANY (:ids) AND (t.gone_at IS NULL OR t.gone_at > :cutoff)
            """;

    private final Jdbi jdbi;
    private final PaperStore papers;

    public DigestQuery(Jdbi jdbi, PaperStore papers) {
        this.jdbi = jdbi;
        this.papers = papers;
    }

    /** How many distinct papers the date's listings hold for the parameters. */
    public int listedCount(LocalDate date, DigestParameters parameters) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(DISTINCT arxiv_id) FROM listings
                        WHERE mailing_date = :date AND category IN (<categories>) AND announce_type IN (<types>)
                        """)
                .bind("date", date)
                .bindList("categories", parameters.categories())
                .bindList("types", types(parameters))
                .mapTo(Integer.class)
                .one());
    }

    /** The date's listed papers (for the parameters) that still have no metadata, so the digest cannot show them. */
    public List<String> missingMetadata(LocalDate date, DigestParameters parameters) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT l.arxiv_id FROM listings l
                        WHERE l.mailing_date = :date AND l.category IN (<categories>) AND l.announce_type IN (<types>)
                          AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)
                        ORDER BY l.arxiv_id
                        """)
                .bind("date", date)
                .bindList("categories", parameters.categories())
                .bindList("types", types(parameters))
                .mapTo(String.class)
                .list());
    }

    /** The ranked entries of the date at the cutoff. */
    public List<DigestEntry> rank(LocalDate date, Instant cutoff, DigestParameters parameters) {
        Map<String, List<EmbeddedTweet>> tweetsByPaper = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                handle -> tweetsByPaper(handle, date, cutoff, parameters));
        // metadata only for the papers that qualify, in one query (a paper without metadata cannot be shown)
        List<String> scoring = tweetsByPaper.entrySet().stream()
                .filter(paper -> sum(paper.getValue(), EmbeddedTweet::score) >= parameters.minScore())
                .map(Map.Entry::getKey)
                .toList();
        Map<String, Paper> metadata = papers.findAll(scoring);
        List<DigestEntry> qualifying = new ArrayList<>();
        for (String arxivId : scoring) {
            Paper paper = metadata.get(arxivId);
            if (paper != null) {
                qualifying.add(entry(paper, tweetsByPaper.get(arxivId), parameters));
            }
        }
        qualifying.sort(Comparator.comparingLong(DigestEntry::score).reversed()
                .thenComparing(Comparator.comparingLong(DigestEntry::retweets).reversed())
                .thenComparing(entry -> entry.paper().arxivId()));
        int count = parameters.limit() == 0 ? qualifying.size() : Math.min(parameters.limit(), qualifying.size());
        List<DigestEntry> ranked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DigestEntry entry = qualifying.get(i);
            ranked.add(new DigestEntry(i + 1, entry.paper(), entry.retweets(), entry.likes(), entry.replies(),
                    entry.quotes(), entry.tweetCount(), entry.snapshotAt(), entry.tweets()));
        }
        return ranked;
    }

    /**
     * Each of the day's papers with its live tweets, as counted at the cutoff. Tweets are read by sorted id
     * arrays, which PostgreSQL answers in one pass over each index rather than one index probe per tweet.
     */
    private static Map<String, List<EmbeddedTweet>> tweetsByPaper(Handle handle, LocalDate date, Instant cutoff,
                                                                  DigestParameters parameters) {
        List<Map.Entry<String, Long>> links = handle.createQuery(LINKS_OF_THE_DAY)
                .bind("date", date)
                .bindList("categories", parameters.categories())
                .bindList("types", types(parameters))
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getLong("tweet_id")))
                .list();
        List<Long> ids = links.stream().map(Map.Entry::getValue).distinct().sorted().toList();
        // planning for the actual values of arrays this long would cost more than running the generic plan
        handle.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        Map<Long, EmbeddedTweet> live = new HashMap<>();
        handle.createQuery(COUNTED_FROM_ROLLUP)
                .bindArray("ids", Long.class, ids)
                .bind("cutoff", cutoff)
                .map(DigestQuery::embeddedTweet)
                .forEach(tweet -> live.put(tweet.tweetId(), tweet));
        List<Long> rest = ids.stream().filter(id -> !live.containsKey(id)).toList();
        if (!rest.isEmpty()) {
            handle.createQuery(COUNTED_FROM_HISTORY)
                    .bindArray("ids", Long.class, rest)
                    .bind("cutoff", cutoff)
                    .map(DigestQuery::embeddedTweet)
                    .forEach(tweet -> live.put(tweet.tweetId(), tweet));
        }
        // no order needed here: papers and their embedded tweets are ranked by total orders in rank() and entry()
        Map<String, List<EmbeddedTweet>> tweetsByPaper = new HashMap<>();
        for (Map.Entry<String, Long> link : links) {
            EmbeddedTweet tweet = live.get(link.getValue());
            if (tweet != null) {
                tweetsByPaper.computeIfAbsent(link.getKey(), id -> new ArrayList<>()).add(tweet);
            }
        }
        return tweetsByPaper;
    }

    private static EmbeddedTweet embeddedTweet(ResultSet rows, StatementContext context) throws SQLException {
        return new EmbeddedTweet(rows.getLong("tweet_id"), rows.getString("username"), rows.getString("display_name"),
                rows.getString("text"), rows.getString("lang"), instant(rows, "created_at"),
                rows.getLong("retweet_count"), rows.getLong("like_count"), rows.getLong("reply_count"),
                rows.getLong("quote_count"), instant(rows, "captured_at"));
    }

    /** A paper's totals and embedded tweets. */
    private static DigestEntry entry(Paper paper, List<EmbeddedTweet> tweets, DigestParameters parameters) {
        long retweets = sum(tweets, EmbeddedTweet::retweets);
        long likes = sum(tweets, EmbeddedTweet::likes);
        long replies = sum(tweets, EmbeddedTweet::replies);
        long quotes = sum(tweets, EmbeddedTweet::quotes);
        Instant snapshotAt = tweets.stream().map(EmbeddedTweet::capturedAt).max(Comparator.naturalOrder()).orElseThrow();
        List<EmbeddedTweet> best = tweets.stream()
                .sorted(Comparator.comparingLong(EmbeddedTweet::score).reversed()
                        .thenComparingLong(EmbeddedTweet::tweetId))
                .toList();
        List<EmbeddedTweet> embedded = new ArrayList<>();
        for (EmbeddedTweet tweet : best) {
            // always the top tweet, then those above the threshold, up to the maximum
            if (embedded.size() < parameters.maxTweets()
                    && (embedded.isEmpty() || tweet.score() >= parameters.tweetMinScore())) {
                embedded.add(tweet);
            }
        }
        return new DigestEntry(0, paper, retweets, likes, replies, quotes, tweets.size(), snapshotAt, embedded);
    }

    /** A total over tweets that cannot wrap: past the long range it stays at the maximum. */
    private static long sum(List<EmbeddedTweet> tweets, ToLongFunction<EmbeddedTweet> count) {
        long total = 0;
        for (EmbeddedTweet tweet : tweets) {
            total = Counts.add(total, count.applyAsLong(tweet));
        }
        return total;
    }

    private static List<String> types(DigestParameters parameters) {
        return parameters.announceTypes().stream().map(AnnounceType::wireName).sorted().toList();
    }
}
