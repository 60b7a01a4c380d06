package io.hotpapers.core.digest;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.PostIds;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.Counts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Ranks the papers of one mailing date by engagement as it stood at a cutoff.
 *
 * <p>A paper's score is the sum over sources of weight(source) × (reposts + likes) over the distinct original
 * posts linking it, each from its latest snapshot at or before the cutoff; a post gone before the cutoff does not
 * count. Ties are broken by reposts, then by arXiv id. Posts of accounts that label themselves as bots neither count
 * nor show unless the query is told to count them ({@code BLUESKY_COUNT_BOTS}).
 *
 * <p>A query {@link #matching} a watchlist ranks only the papers it takes; with a minimum score of 0 these include
 * the day's papers that no post links (score 0): "papers by people I follow, whatever their score".
 */
public final class DigestQuery {
    /** Which posts link which of the day's papers (the papers as one sorted array: one pass over the index). */
    private static final String LINKS_OF_THE_DAY = """
            SELECT arxiv_id, post_key FROM post_papers
            WHERE arxiv_id = ANY (ARRAY(
                SELECT DISTINCT arxiv_id FROM listings
                WHERE mailing_date = :date AND category IN (<categories>) AND announce_type IN (<types>)
                ORDER BY arxiv_id))
            """;

    /** The live posts whose latest snapshot is not newer than the cutoff (the usual case), counted from the rollup. */
    private static final String COUNTED_FROM_ROLLUP = """
            SELECT p.post_key, p.source, p.post_id, p.author_handle, p.author_name, p.text, p.lang, p.created_at,
                   p.content_id, x.captured_at, x.reposts, x.likes, x.replies, x.quotes
            FROM posts p
            JOIN post_latest x ON x.post_key = p.post_key
            WHERE p.post_key = ANY (:ids) AND x.post_key = ANY (:ids) AND x.captured_at <= :cutoff
              AND (p.gone_at IS NULL OR p.gone_at > :cutoff) AND (NOT p.automated OR :countAutomated)
            """;

    /**
     * The given live posts counted at their latest snapshot at the cutoff among those captured from {@code <from>}
     * to before {@code <to>} (the latest snapshot in a span is the latest at the cutoff when none is later).
     */
    private static final String COUNTED_FROM_HISTORY = """
            SELECT p.post_key, p.source, p.post_id, p.author_handle, p.author_name, p.text, p.lang, p.created_at,
                   p.content_id, s.captured_at, s.reposts, s.likes, s.replies, s.quotes
            FROM posts p
            CROSS JOIN LATERAL (
                SELECT captured_at, reposts, likes, replies, quotes FROM post_snapshots
                WHERE post_key = p.post_key AND captured_at <= :cutoff AND captured_at >= <from> AND captured_at < <to>
                ORDER BY captured_at DESC LIMIT 1
            ) s
            WHERE p.post_key = ANY (:ids) AND (p.gone_at IS NULL OR p.gone_at > :cutoff)
              AND (NOT p.automated OR :countAutomated)
            """;

    private final Jdbi jdbi;
    private final PaperStore papers;
    private final ScoreWeights weights;
    private final boolean countAutomated;
    /** The papers this query ranks; {@code null}: every paper with posts (the daily digest). */
    private final Predicate<Paper> wanted;

    /** A query that weighs every source 1. */
    public DigestQuery(Jdbi jdbi, PaperStore papers) {
        this(jdbi, papers, ScoreWeights.DEFAULT);
    }

    /** A query that leaves out posts of self-labelled bots. */
    public DigestQuery(Jdbi jdbi, PaperStore papers, ScoreWeights weights) {
        this(jdbi, papers, weights, false);
    }

    /** @param countAutomated whether posts of self-labelled bots count (and show) like the others */
    public DigestQuery(Jdbi jdbi, PaperStore papers, ScoreWeights weights, boolean countAutomated) {
        this(jdbi, papers, weights, countAutomated, null);
    }

    private DigestQuery(Jdbi jdbi, PaperStore papers, ScoreWeights weights, boolean countAutomated,
                        Predicate<Paper> wanted) {
        this.jdbi = jdbi;
        this.papers = papers;
        this.weights = weights;
        this.countAutomated = countAutomated;
        this.wanted = wanted;
    }

    /**
     * The same query ranking only the papers the predicate takes (a watchlist's); when the minimum score is 0, the
     * day's listed papers without any post are ranked too, with score 0.
     */
    public DigestQuery matching(Predicate<Paper> papersWanted) {
        return new DigestQuery(jdbi, papers, weights, countAutomated, papersWanted);
    }

    /** The distinct papers of the date's listings for the parameters, by id. */
    private static List<String> listedIds(Handle handle, LocalDate date, DigestParameters parameters) {
        return handle.createQuery("""
                        SELECT DISTINCT arxiv_id FROM listings
                        WHERE mailing_date = :date AND category IN (<categories>) AND announce_type IN (<types>)
                        ORDER BY arxiv_id
                        """)
                .bind("date", date)
                .bindList("categories", parameters.categories())
                .bindList("types", types(parameters))
                .mapTo(String.class)
                .list();
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
        List<DigestEntry> qualifying = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ,
                handle -> qualifying(handle, date, cutoff, parameters));
        qualifying.sort(Comparator.comparingLong(DigestEntry::score).reversed()
                .thenComparing(Comparator.comparingLong(DigestEntry::reposts).reversed())
                .thenComparing(entry -> entry.paper().arxivId()));
        int count = parameters.limit() == 0 ? qualifying.size() : Math.min(parameters.limit(), qualifying.size());
        List<DigestEntry> ranked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ranked.add(qualifying.get(i).ranked(i + 1));
        }
        return ranked;
    }

    /** The entries that qualify, unranked, with the papers' metadata read in the same transaction as the posts. */
    private List<DigestEntry> qualifying(Handle handle, LocalDate date, Instant cutoff, DigestParameters parameters) {
        Map<String, List<EmbeddedPost>> postsByPaper = postsByPaper(handle, date, cutoff, parameters);
        // metadata only for the papers that qualify, in one query (a paper without metadata cannot be shown)
        List<String> scoring = wanted != null && parameters.minScore() == 0 ? listedIds(handle, date, parameters)
                : postsByPaper.entrySet().stream()
                        .filter(paper -> sum(paper.getValue(), EmbeddedPost::score) >= parameters.minScore())
                        .map(Map.Entry::getKey)
                        .toList();
        Map<String, Paper> metadata = papers.findAll(handle, scoring);
        List<DigestEntry> qualifying = new ArrayList<>();
        for (String arxivId : scoring) {
            Paper paper = metadata.get(arxivId);
            if (paper != null && (wanted == null || wanted.test(paper))) {
                qualifying.add(entry(paper, postsByPaper.getOrDefault(arxivId, List.of()), parameters, cutoff));
            }
        }
        return qualifying;
    }

    /**
     * Each of the day's papers with its live posts, as counted at the cutoff. Posts are read by sorted key arrays,
     * which PostgreSQL answers in one pass over each index rather than one index probe per post; the posts captured
     * after the cutoff are then looked up in the history, one month partition at a time, newest first.
     */
    private Map<String, List<EmbeddedPost>> postsByPaper(Handle handle, LocalDate date, Instant cutoff,
                                                         DigestParameters parameters) {
        List<Map.Entry<String, Long>> links = handle.createQuery(LINKS_OF_THE_DAY)
                .bind("date", date)
                .bindList("categories", parameters.categories())
                .bindList("types", types(parameters))
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getLong("post_key")))
                .list();
        List<Long> keys = links.stream().map(Map.Entry::getValue).distinct().sorted().toList();
        // planning for the actual values of arrays this long would cost more than running the generic plan
        handle.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        Map<Long, EmbeddedPost> live = new HashMap<>();
        handle.createQuery(COUNTED_FROM_ROLLUP)
                .bindArray("ids", Long.class, keys)
                .bind("cutoff", cutoff)
                .bind("countAutomated", countAutomated)
                .map((rows, context) -> Map.entry(rows.getLong("post_key"), embeddedPost(rows)))
                .forEach(post -> live.put(post.getKey(), post.getValue()));
        // then the history for the posts captured after the cutoff: its month, the month before, all older months
        for (HistorySpan span : HistorySpan.before(cutoff)) {
            List<Long> rest = keys.stream().filter(key -> !live.containsKey(key)).toList();
            if (rest.isEmpty()) {
                break;
            }
            handle.createQuery(COUNTED_FROM_HISTORY)
                    .bindArray("ids", Long.class, rest)
                    .bind("cutoff", cutoff)
                    .bind("countAutomated", countAutomated)
                    .define("from", span.from())
                    .define("to", span.to())
                    .map((rows, context) -> Map.entry(rows.getLong("post_key"), embeddedPost(rows)))
                    .forEach(post -> live.put(post.getKey(), post.getValue()));
        }
        // no order needed here: papers and their embedded posts are ranked by total orders in rank() and entry()
        Map<String, List<EmbeddedPost>> postsByPaper = new HashMap<>();
        for (Map.Entry<String, Long> link : links) {
            EmbeddedPost post = live.get(link.getValue());
            if (post != null) {
                postsByPaper.computeIfAbsent(link.getKey(), id -> new ArrayList<>()).add(post);
            }
        }
        return postsByPaper;
    }

    private EmbeddedPost embeddedPost(ResultSet rows) throws SQLException {
        String source = rows.getString("source");
        long reposts = rows.getLong("reposts");
        long likes = rows.getLong("likes");
        return new EmbeddedPost(source, rows.getString("post_id"), rows.getString("author_handle"),
                rows.getString("author_name"), rows.getString("text"), rows.getString("lang"),
                instant(rows, "created_at"), reposts, likes, rows.getLong("replies"), rows.getLong("quotes"),
                instant(rows, "captured_at"), weights.score(source, reposts, likes), rows.getString("content_id"));
    }

    /** The start of the cutoff's UTC day: a count read before it is not of the digest's day. */
    private static Instant cutoffDay(Instant cutoff) {
        return cutoff.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    /** A paper's totals, per source and over all, and its embedded posts; without posts, counted at the cutoff. */
    private static DigestEntry entry(Paper paper, List<EmbeddedPost> posts, DigestParameters parameters,
                                     Instant cutoff) {
        Instant cutoffDay = cutoffDay(cutoff);
        Map<String, List<EmbeddedPost>> bySource = new TreeMap<>();
        posts.forEach(post -> bySource.computeIfAbsent(post.source(), source -> new ArrayList<>()).add(post));
        Map<String, DigestEntry.SourceTotals> sources = new TreeMap<>();
        bySource.forEach((source, ofSource) -> sources.put(source, new DigestEntry.SourceTotals(source,
                ofSource.size(), sum(ofSource, EmbeddedPost::reposts), sum(ofSource, EmbeddedPost::likes),
                sum(ofSource, EmbeddedPost::replies), sum(ofSource, EmbeddedPost::quotes),
                sum(ofSource, EmbeddedPost::score))));
        Instant snapshotAt = posts.stream().map(EmbeddedPost::capturedAt).max(Comparator.naturalOrder()).orElse(cutoff);
        List<EmbeddedPost> best = posts.stream()
                .sorted(Comparator.comparingLong(EmbeddedPost::score).reversed()
                        .thenComparing(EmbeddedPost::source)
                        .thenComparing(EmbeddedPost::postId, PostIds.ORDER))
                .toList();
        List<EmbeddedPost> embedded = new ArrayList<>();
        for (EmbeddedPost post : best) {
            // always the top post, then those above the threshold, up to the maximum
            if (embedded.size() < parameters.maxTweets()
                    && (embedded.isEmpty() || post.score() >= parameters.tweetMinScore())) {
                embedded.add(post);
            }
        }
        return new DigestEntry(0, paper, sum(posts, EmbeddedPost::score), sum(posts, EmbeddedPost::reposts),
                sum(posts, EmbeddedPost::likes), sum(posts, EmbeddedPost::replies), sum(posts, EmbeddedPost::quotes),
                posts.size(), snapshotAt, sources, embedded,
                (int) posts.stream().filter(post -> post.capturedAt().isBefore(cutoffDay)).count());
    }

    /** A total over posts that cannot wrap: past the long range it stays at the maximum. */
    private static long sum(List<EmbeddedPost> posts, ToLongFunction<EmbeddedPost> count) {
        long total = 0;
        for (EmbeddedPost post : posts) {
            total = Counts.add(total, count.applyAsLong(post));
        }
        return total;
    }

    /**
     * Capture times from {@code from} to before {@code to}, as SQL literals. Constant bounds let the planner keep one
     * month partition of {@code post_snapshots}, whose backward index scan finds a post's latest snapshot at the
     * cutoff in one index entry (over several partitions it would sort every snapshot of the span).
     */
    private record HistorySpan(String from, String to) {
        private static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
        private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");
        private static final String NO_BOUND_BEFORE = "timestamptz '-infinity'";

        /**
         * The spans to search, newest first, which together hold every time up to the cutoff: the UTC month of a
         * second after the cutoff (whose end is later than the cutoff however it is rounded to microseconds), the
         * month before, and all that is older.
         */
        static List<HistorySpan> before(Instant cutoff) {
            if (cutoff.isBefore(EARLIEST) || cutoff.isAfter(LATEST)) {
                return List.of(new HistorySpan(NO_BOUND_BEFORE, "timestamptz 'infinity'"));
            }
            YearMonth month = YearMonth.from(cutoff.plusSeconds(1).atOffset(ZoneOffset.UTC));
            return List.of(new HistorySpan(start(month), start(month.plusMonths(1))),
                    new HistorySpan(start(month.minusMonths(1)), start(month)),
                    new HistorySpan(NO_BOUND_BEFORE, start(month.minusMonths(1))));
        }

        private static String start(YearMonth month) {
            return "timestamptz '" + month.atDay(1) + "T00:00:00Z'";
        }
    }

    private static List<String> types(DigestParameters parameters) {
        return parameters.announceTypes().stream().map(AnnounceType::wireName).sorted().toList();
    }
}
