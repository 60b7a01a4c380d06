package io.hotpapers.core.trends;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.saturatedLong;

import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.post.Counts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Engagement trends over the rollups and the views of {@code sql/R__engagement_views.sql}. Their sums are numeric
 * in SQL (they cannot overflow) and read here as longs capped at the long range. Posts of self-labelled bots count in
 * none of them; {@link #automated} reports them apart.
 */
public final class TrendsQuery {
    /** The span before an instant in which a followed post (refreshed at least daily) has a snapshot. */
    private static final Duration RECENT_HISTORY = Duration.ofDays(2);

    private final Jdbi jdbi;
    private final ScoreWeights weights;

    /** Trends that weigh every source 1. */
    public TrendsQuery(Jdbi jdbi) {
        this(jdbi, ScoreWeights.DEFAULT);
    }

    /** Trends whose top-paper scores are weighted by source, as the digest's are. */
    public TrendsQuery(Jdbi jdbi, ScoreWeights weights) {
        this.jdbi = jdbi;
        this.weights = weights;
    }

    /** One source's part of a total: its score (or engagement) and how many posts (or posted papers) made it. */
    public record SourceShare(long score, long count) {
        SourceShare plus(SourceShare more) {
            return new SourceShare(Counts.add(score, more.score), Counts.add(count, more.count));
        }
    }

    /**
     * A paper's totals at the end of one hour (UTC), tweets carried forward from their latest snapshot, and each
     * source's share (score = reposts + likes, count = posts) carried forward from its latest round so far.
     */
    public record SeriesPoint(Instant hour, long retweets, long likes, long replies, long quotes, long score,
                              long tweets, Map<String, SourceShare> bySource) {
        public SeriesPoint {
            bySource = Collections.unmodifiableSortedMap(new TreeMap<>(bySource));
        }
    }

    /** A paper ranked by engagement over a window, with each source's weighted score and posts. */
    public record TopPaper(String arxivId, String title, LocalDate firstMailing, long score, long retweets, long likes,
                           long tweets, long gain24h, double velocity, Map<String, SourceShare> bySource) {
        public TopPaper {
            bySource = Collections.unmodifiableSortedMap(new TreeMap<>(bySource));
        }

        TopPaper withTitle(String paperTitle) {
            return new TopPaper(arxivId, paperTitle, firstMailing, score, retweets, likes, tweets, gain24h, velocity,
                    bySource);
        }
    }

    /** Ranking of {@code trends top}. */
    public enum By { TOTAL, VELOCITY }

    /**
     * Engagement of one category's listing on one mailing date, and each source's share (score = its reposts +
     * likes, count = the listed papers with engagement from it).
     */
    public record CategoryDay(String category, LocalDate mailingDate, long papers, long tweetedPapers, long retweets,
                              long likes, long engagement, Map<String, SourceShare> bySource) {
        public CategoryDay {
            bySource = Collections.unmodifiableSortedMap(new TreeMap<>(bySource));
        }
    }

    /** Whether hotpapers knows the paper at all (listed, fetched or linked by a post). */
    public boolean isTracked(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM papers WHERE arxiv_id = :id)
                            OR EXISTS (SELECT 1 FROM listings WHERE arxiv_id = :id)
                            OR EXISTS (SELECT 1 FROM post_papers WHERE arxiv_id = :id)
                        """)
                .bind("id", arxivId)
                .mapTo(Boolean.class)
                .one());
    }

    /** The paper's engagement per capture hour since the instant, oldest first. */
    public List<SeriesPoint> series(String arxivId, Instant since) {
        return series(arxivId, since, null);
    }

    /**
     * The same, or when {@code source} is given, that source's engagement alone per hour in which one of its posts
     * was captured. A source's share before its first round is left out of {@code bySource}.
     */
    public List<SeriesPoint> series(String arxivId, Instant since, String source) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            List<Map.Entry<String, SeriesPoint>> perSource = handle.createQuery("""
                            SELECT * FROM paper_source_engagement_series
                            WHERE arxiv_id = :id AND (CAST(:source AS text) IS NULL OR source = :source)
                            ORDER BY hour, source
                            """)
                    .bind("id", arxivId)
                    .bind("source", source)
                    .map((rows, context) -> {
                        long score = saturatedLong(rows, "score");
                        long posts = rows.getLong("posts");
                        String from = rows.getString("source");
                        return Map.entry(from, new SeriesPoint(instant(rows, "hour"), saturatedLong(rows, "reposts"),
                                saturatedLong(rows, "likes"), saturatedLong(rows, "replies"),
                                saturatedLong(rows, "quotes"), score, posts,
                                Map.of(from, new SourceShare(score, posts))));
                    })
                    .list();
            if (source != null) {
                return perSource.stream().map(Map.Entry::getValue).filter(point -> !point.hour().isBefore(since))
                        .toList();
            }
            List<SeriesPoint> totals = handle.createQuery("""
                            SELECT * FROM paper_engagement_series WHERE arxiv_id = :id AND hour >= :since ORDER BY hour
                            """)
                    .bind("id", arxivId)
                    .bind("since", since)
                    .map((rows, context) -> new SeriesPoint(instant(rows, "hour"), saturatedLong(rows, "retweets"),
                            saturatedLong(rows, "likes"), saturatedLong(rows, "replies"), saturatedLong(rows, "quotes"),
                            saturatedLong(rows, "score"), rows.getLong("tweets"), Map.of()))
                    .list();
            return withShares(totals, perSource);
        });
    }

    /** Each total point with every source's share at its latest round up to that hour (both lists oldest first). */
    private static List<SeriesPoint> withShares(List<SeriesPoint> totals, List<Map.Entry<String, SeriesPoint>> rounds) {
        SortedMap<String, SourceShare> current = new TreeMap<>();
        List<SeriesPoint> points = new ArrayList<>(totals.size());
        int next = 0;
        for (SeriesPoint total : totals) {
            while (next < rounds.size() && !rounds.get(next).getValue().hour().isAfter(total.hour())) {
                Map.Entry<String, SeriesPoint> round = rounds.get(next++);
                current.put(round.getKey(), round.getValue().bySource().get(round.getKey()));
            }
            points.add(new SeriesPoint(total.hour(), total.retweets(), total.likes(), total.replies(), total.quotes(),
                    total.score(), total.tweets(), current));
        }
        return points;
    }

    /**
     * Papers first announced (new or cross-listed) in the last {@code days} days, in the category when given,
     * ranked by total engagement or by velocity: the score gained over the last 24 hours divided by the paper's
     * age in days (at least 1). Replacements of older papers are not new and do not count.
     */
    public List<TopPaper> top(int days, String category, By by, int limit, Instant now) {
        return top(days, category, null, by, limit, now);
    }

    /** The same, counting only the engagement of one source when {@code source} is given. */
    public List<TopPaper> top(int days, String category, String source, By by, int limit, Instant now) {
        LocalDate since = LocalDate.ofInstant(now, MailingDates.ZONE).minusDays(days);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            List<Candidate> candidates = candidates(handle, since, category, source, now);
            List<TopPaper> ranked = by == By.TOTAL
                    ? byTotal(handle, candidates, source, limit, dayAgo)
                    : byVelocity(handle, candidates, source, limit, dayAgo);
            Map<String, String> titles = titles(handle, ranked.stream().map(TopPaper::arxivId).toList());
            return ranked.stream()
                    .map(paper -> paper.withTitle(titles.getOrDefault(paper.arxivId(), "")))
                    .toList();
        });
    }

    /** A paper with engagement, its current totals and the best velocity it could have (all its score gained today). */
    private record Candidate(String arxivId, LocalDate firstMailing, long score, long retweets, long likes,
                             long tweets, double ageInDays, SortedMap<String, SourceShare> bySource) {
        Candidate add(Candidate more) {
            SortedMap<String, SourceShare> shares = new TreeMap<>(bySource);
            more.bySource.forEach((source, share) -> shares.merge(source, share, SourceShare::plus));
            return new Candidate(arxivId, firstMailing, Counts.add(score, more.score),
                    Counts.add(retweets, more.retweets), Counts.add(likes, more.likes),
                    Counts.add(tweets, more.tweets), ageInDays, shares);
        }

        double velocityBound() {
            return score() / Math.max(1.0, ageInDays);
        }

        TopPaper ranked(long gain) {
            return new TopPaper(arxivId, "", firstMailing, score, retweets, likes, tweets, gain,
                    gain / Math.max(1.0, ageInDays), bySource);
        }
    }

    private List<Candidate> candidates(Handle handle, LocalDate since, String category, String source,
                                       Instant now) {
        Map<String, LocalDate> firstMailing = new HashMap<>();
        handle.createQuery("""
                        SELECT arxiv_id, min(mailing_date) AS first_mailing FROM listings
                        WHERE mailing_date >= :since AND announce_type IN ('new', 'cross')
                          AND (CAST(:category AS text) IS NULL OR category = :category)
                        GROUP BY arxiv_id
                        """)
                .bind("since", since)
                .bind("category", category)
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"),
                        rows.getObject("first_mailing", LocalDate.class)))
                .forEach(entry -> firstMailing.put(entry.getKey(), entry.getValue()));
        // the papers as one sorted array: PostgreSQL reads the rollup's index in one pass
        Map<String, Candidate> candidates = new HashMap<>();
        handle.createQuery("""
                        SELECT arxiv_id, source, reposts, likes, posts FROM paper_source_latest
                        WHERE arxiv_id = ANY (:ids) AND reposts + likes > 0
                          AND (CAST(:source AS text) IS NULL OR source = :source)
                        """)
                .bindArray("ids", String.class, firstMailing.keySet().stream().sorted().toList())
                .bind("source", source)
                .map((rows, context) -> {
                    String arxivId = rows.getString("arxiv_id");
                    long reposts = saturatedLong(rows, "reposts");
                    long likes = saturatedLong(rows, "likes");
                    LocalDate first = firstMailing.get(arxivId);
                    String from = rows.getString("source");
                    long score = weights.score(from, reposts, likes);
                    long posts = rows.getLong("posts");
                    return new Candidate(arxivId, first, score, reposts, likes, posts, ageInDays(first, now),
                            new TreeMap<>(Map.of(from, new SourceShare(score, posts))));
                })
                .forEach(part -> candidates.merge(part.arxivId(), part, Candidate::add));
        return List.copyOf(candidates.values());
    }

    /** The highest totals; the 24-hour gain is computed for those alone. */
    private List<TopPaper> byTotal(Handle handle, List<Candidate> candidates, String source, int limit,
                                   Instant dayAgo) {
        List<Candidate> best = candidates.stream()
                .sorted(Comparator.comparingLong(Candidate::score).reversed().thenComparing(Candidate::arxivId))
                .limit(limit)
                .toList();
        Map<String, Long> scoreDayAgo = scoresAt(handle, best, source, dayAgo);
        return best.stream()
                .map(paper -> paper.ranked(paper.score() - scoreDayAgo.getOrDefault(paper.arxivId(), 0L)))
                .toList();
    }

    /**
     * The highest velocities. A paper's velocity cannot exceed its score over its age, so papers are examined in
     * the order of that bound, in growing batches, until no paper left could enter the ranking.
     */
    private List<TopPaper> byVelocity(Handle handle, List<Candidate> candidates, String source, int limit,
                                      Instant dayAgo) {
        Comparator<TopPaper> order = Comparator.comparingDouble(TopPaper::velocity).reversed()
                .thenComparing(TopPaper::arxivId);
        List<Candidate> byBound = candidates.stream()
                .sorted(Comparator.comparingDouble(Candidate::velocityBound).reversed())
                .toList();
        List<TopPaper> ranked = new ArrayList<>();
        int next = 0;
        int batch = Math.max(limit, 50);
        while (next < byBound.size()
                && (ranked.size() < limit || byBound.get(next).velocityBound() >= ranked.get(limit - 1).velocity())) {
            List<Candidate> examined = byBound.subList(next, Math.min(byBound.size(), next + batch));
            Map<String, Long> scoreDayAgo = scoresAt(handle, examined, source, dayAgo);
            examined.forEach(paper -> ranked.add(
                    paper.ranked(paper.score() - scoreDayAgo.getOrDefault(paper.arxivId(), 0L))));
            ranked.sort(order);
            next += examined.size();
            batch *= 2;
        }
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    /**
     * The papers' scores at an instant, over the posts live now: each post from the rollup when its latest
     * snapshot is not newer than the instant, from the history otherwise: its last days before the instant first
     * (the latest month partitions only), all of it for a post without a snapshot there.
     */
    private Map<String, Long> scoresAt(Handle handle, List<Candidate> papers, String source, Instant at) {
        if (papers.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> scores = new HashMap<>();
        handle.createQuery("""
                        SELECT pp.arxiv_id, p.source,
                               sum(CASE WHEN x.captured_at <= :at THEN x.reposts::numeric + x.likes
                                        ELSE coalesce(s.score, f.score, 0) END) AS score
                        FROM post_papers pp
                        JOIN posts p ON p.post_key = pp.post_key AND p.gone_at IS NULL AND NOT p.automated
                        JOIN post_latest x ON x.post_key = pp.post_key
                        LEFT JOIN LATERAL (
                            SELECT reposts::numeric + likes AS score FROM post_snapshots
                            WHERE x.captured_at > :at AND post_key = pp.post_key AND captured_at <= :at
                              AND captured_at >= :recent
                            ORDER BY captured_at DESC LIMIT 1
                        ) s ON true
                        LEFT JOIN LATERAL (
                            SELECT reposts::numeric + likes AS score FROM post_snapshots
                            WHERE x.captured_at > :at AND s.score IS NULL AND post_key = pp.post_key
                              AND captured_at <= :at
                            ORDER BY captured_at DESC LIMIT 1
                        ) f ON true
                        WHERE pp.arxiv_id = ANY (:ids) AND (CAST(:source AS text) IS NULL OR p.source = :source)
                        GROUP BY pp.arxiv_id, p.source
                        """)
                .bindArray("ids", String.class, papers.stream().map(Candidate::arxivId).sorted().toList())
                .bind("source", source)
                .bind("at", at)
                .bind("recent", at.minus(RECENT_HISTORY))
                // the weight applies to reposts + likes together: their sum is what is weighed
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"),
                        weights.score(rows.getString("source"), saturatedLong(rows, "score"), 0)))
                .forEach(entry -> scores.merge(entry.getKey(), entry.getValue(), Counts::add));
        return scores;
    }

    /**
     * What posts of self-labelled bots add to each paper, apart from every score above: per paper, their reposts +
     * likes and how many they are, over every source or the one given. Papers without such posts are left out.
     */
    public Map<String, SourceShare> automated(List<String> arxivIds, String source) {
        Map<String, SourceShare> shares = new HashMap<>();
        if (arxivIds.isEmpty()) {
            return shares;
        }
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id, reposts + likes AS engagement, posts FROM paper_source_automated_latest
                        WHERE arxiv_id = ANY (:ids) AND (CAST(:source AS text) IS NULL OR source = :source)
                        """)
                .bindArray("ids", String.class, arxivIds.stream().sorted().toList())
                .bind("source", source)
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"),
                        new SourceShare(saturatedLong(rows, "engagement"), rows.getLong("posts"))))
                .forEach(entry -> shares.merge(entry.getKey(), entry.getValue(), SourceShare::plus)));
        return shares;
    }

    private static Map<String, String> titles(Handle handle, List<String> arxivIds) {
        Map<String, String> titles = new HashMap<>();
        handle.createQuery("SELECT arxiv_id, title FROM papers WHERE arxiv_id = ANY (:ids)")
                .bindArray("ids", String.class, arxivIds)
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getString("title")))
                .forEach(entry -> titles.put(entry.getKey(), entry.getValue()));
        return titles;
    }

    /** A paper's age: from the start (US Eastern midnight) of its first mailing date. */
    static double ageInDays(LocalDate firstMailing, Instant now) {
        Instant announced = ZonedDateTime.of(firstMailing, LocalTime.MIDNIGHT, MailingDates.ZONE).toInstant();
        return Duration.between(announced, now).toMinutes() / (24.0 * 60);
    }

    /** Engagement per category and mailing date over the last {@code days} days, oldest first. */
    public List<CategoryDay> categories(int days, Instant now) {
        return categories(days, null, now);
    }

    /**
     * The same, or when {@code source} is given, that source's engagement alone: {@code papers} still counts every
     * listed paper, the other totals only that source's.
     */
    public List<CategoryDay> categories(int days, String source, Instant now) {
        LocalDate since = LocalDate.ofInstant(now, MailingDates.ZONE).minusDays(days);
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            Map<String, SortedMap<String, CategoryDay>> shares = new HashMap<>();
            handle.createQuery("""
                            SELECT * FROM category_source_engagement_daily
                            WHERE mailing_date >= :since AND (CAST(:source AS text) IS NULL OR source = :source)
                            """)
                    .bind("since", since)
                    .bind("source", source)
                    .map((rows, context) -> new CategoryDay(rows.getString("category"),
                            rows.getObject("mailing_date", LocalDate.class), 0, rows.getLong("posted_papers"),
                            saturatedLong(rows, "reposts"), saturatedLong(rows, "likes"),
                            saturatedLong(rows, "engagement"), Map.of(rows.getString("source"),
                                    new SourceShare(saturatedLong(rows, "engagement"), rows.getLong("posted_papers")))))
                    .forEach(share -> shares.computeIfAbsent(share.mailingDate() + " " + share.category(),
                            key -> new TreeMap<>()).put(share.bySource().keySet().iterator().next(), share));
            return handle.createQuery("""
                            SELECT * FROM category_engagement_daily WHERE mailing_date >= :since
                            ORDER BY mailing_date, category
                            """)
                    .bind("since", since)
                    .map((rows, context) -> new CategoryDay(rows.getString("category"),
                            rows.getObject("mailing_date", LocalDate.class), rows.getLong("papers"),
                            rows.getLong("tweeted_papers"), saturatedLong(rows, "retweets"),
                            saturatedLong(rows, "likes"), saturatedLong(rows, "engagement"), Map.of()))
                    .map(total -> withShares(total, shares.getOrDefault(
                            total.mailingDate() + " " + total.category(), new TreeMap<>()), source))
                    .list();
        });
    }

    /** The day's totals with each source's share, or that one source's totals alone. */
    private static CategoryDay withShares(CategoryDay total, SortedMap<String, CategoryDay> bySource, String source) {
        SortedMap<String, SourceShare> shares = new TreeMap<>();
        bySource.forEach((from, day) -> shares.put(from, day.bySource().get(from)));
        if (source == null) {
            return new CategoryDay(total.category(), total.mailingDate(), total.papers(), total.tweetedPapers(),
                    total.retweets(), total.likes(), total.engagement(), shares);
        }
        CategoryDay one = bySource.get(source);
        return one == null
                ? new CategoryDay(total.category(), total.mailingDate(), total.papers(), 0, 0, 0, 0, shares)
                : new CategoryDay(total.category(), total.mailingDate(), total.papers(), one.tweetedPapers(),
                        one.retweets(), one.likes(), one.engagement(), shares);
    }
}
