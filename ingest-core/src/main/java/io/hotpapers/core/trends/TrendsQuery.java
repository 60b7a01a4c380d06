package io.hotpapers.core.trends;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.saturatedLong;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.tweet.Counts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Engagement trends over the rollups and the views of {@code sql/R__engagement_views.sql}. Their sums are numeric
 * in SQL (they cannot overflow) and read here as longs capped at the long range.
 */
public final class TrendsQuery {
    private final Jdbi jdbi;

    public TrendsQuery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A paper's totals at the end of one hour (UTC), tweets carried forward from their latest snapshot. */
    public record SeriesPoint(Instant hour, long retweets, long likes, long replies, long quotes, long score,
                              long tweets) {
    }

    /** A paper ranked by engagement over a window. */
    public record TopPaper(String arxivId, String title, LocalDate firstMailing, long score, long retweets, long likes,
                           long tweets, long gain24h, double velocity) {
        TopPaper withTitle(String paperTitle) {
            return new TopPaper(arxivId, paperTitle, firstMailing, score, retweets, likes, tweets, gain24h, velocity);
        }
    }

    /** Ranking of {@code trends top}. */
    public enum By { TOTAL, VELOCITY }

    /** Engagement of one category's listing on one mailing date. */
    public record CategoryDay(String category, LocalDate mailingDate, long papers, long tweetedPapers, long retweets,
                              long likes, long engagement) {
    }

    /** Whether hotpapers knows the paper at all (listed, fetched or linked by a tweet). */
    public boolean isTracked(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM papers WHERE arxiv_id = :id)
                            OR EXISTS (SELECT 1 FROM listings WHERE arxiv_id = :id)
                            OR EXISTS (SELECT 1 FROM tweet_papers WHERE arxiv_id = :id)
                        """)
                .bind("id", arxivId)
                .mapTo(Boolean.class)
                .one());
    }

    /** The paper's engagement per capture hour since the instant, oldest first. */
    public List<SeriesPoint> series(String arxivId, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM paper_engagement_series WHERE arxiv_id = :id AND hour >= :since ORDER BY hour
                        """)
                .bind("id", arxivId)
                .bind("since", since)
                .map((rows, context) -> new SeriesPoint(instant(rows, "hour"), saturatedLong(rows, "retweets"),
                        saturatedLong(rows, "likes"), saturatedLong(rows, "replies"), saturatedLong(rows, "quotes"),
                        saturatedLong(rows, "score"), rows.getLong("tweets")))
                .list());
    }

    /**
     * Papers first announced (new or cross-listed) in the last {@code days} days, in the category when given,
     * ranked by total engagement or by velocity: the score gained over the last 24 hours divided by the paper's
     * age in days (at least 1). Replacements of older papers are not new and do not count.
     */
    public List<TopPaper> top(int days, String category, By by, int limit, Instant now) {
        LocalDate since = LocalDate.ofInstant(now, MailingDates.ZONE).minusDays(days);
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            List<Candidate> candidates = candidates(handle, since, category, now);
            List<TopPaper> ranked = by == By.TOTAL
                    ? byTotal(handle, candidates, limit, dayAgo)
                    : byVelocity(handle, candidates, limit, dayAgo);
            Map<String, String> titles = titles(handle, ranked.stream().map(TopPaper::arxivId).toList());
            return ranked.stream()
                    .map(paper -> paper.withTitle(titles.getOrDefault(paper.arxivId(), "")))
                    .toList();
        });
    }

    /** A paper with engagement, its current totals and the best velocity it could have (all its score gained today). */
    private record Candidate(String arxivId, LocalDate firstMailing, long retweets, long likes, long tweets,
                             double ageInDays) {
        long score() {
            return Counts.add(retweets, likes);
        }

        double velocityBound() {
            return score() / Math.max(1.0, ageInDays);
        }

        TopPaper ranked(long gain) {
            return new TopPaper(arxivId, "", firstMailing, score(), retweets, likes, tweets, gain,
                    gain / Math.max(1.0, ageInDays));
        }
    }

    private static List<Candidate> candidates(Handle handle, LocalDate since, String category, Instant now) {
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
        return handle.createQuery("""
                        SELECT arxiv_id, retweets, likes, tweets FROM paper_latest
                        WHERE arxiv_id = ANY (:ids) AND retweets + likes > 0
                        """)
                .bindArray("ids", String.class, firstMailing.keySet().stream().sorted().toList())
                .map((rows, context) -> {
                    String arxivId = rows.getString("arxiv_id");
                    LocalDate first = firstMailing.get(arxivId);
                    return new Candidate(arxivId, first, saturatedLong(rows, "retweets"), saturatedLong(rows, "likes"),
                            rows.getLong("tweets"), ageInDays(first, now));
                })
                .list();
    }

    /** The highest totals; the 24-hour gain is computed for those alone. */
    private static List<TopPaper> byTotal(Handle handle, List<Candidate> candidates, int limit, Instant dayAgo) {
        List<Candidate> best = candidates.stream()
                .sorted(Comparator.comparingLong(Candidate::score).reversed().thenComparing(Candidate::arxivId))
                .limit(limit)
                .toList();
        Map<String, Long> scoreDayAgo = scoresAt(handle, best, dayAgo);
        return best.stream()
                .map(paper -> paper.ranked(paper.score() - scoreDayAgo.getOrDefault(paper.arxivId(), 0L)))
                .toList();
    }

    /**
     * The highest velocities. A paper's velocity cannot exceed its score over its age, so papers are examined in
     * the order of that bound, in growing batches, until no paper left could enter the ranking.
     */
    private static List<TopPaper> byVelocity(Handle handle, List<Candidate> candidates, int limit, Instant dayAgo) {
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
            Map<String, Long> scoreDayAgo = scoresAt(handle, examined, dayAgo);
            examined.forEach(paper -> ranked.add(
                    paper.ranked(paper.score() - scoreDayAgo.getOrDefault(paper.arxivId(), 0L))));
            ranked.sort(order);
            next += examined.size();
            batch *= 2;
        }
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    /**
     * The papers' scores at an instant, over the tweets live now: each tweet from the rollup when its latest
     * snapshot is not newer than the instant, from the history otherwise.
     */
    private static Map<String, Long> scoresAt(Handle handle, List<Candidate> papers, Instant at) {
        if (papers.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> scores = new HashMap<>();
        handle.createQuery("""
                        SELECT tp.arxiv_id,
                               sum(CASE WHEN x.captured_at <= :at THEN x.retweet_count::numeric + x.like_count
                                        ELSE coalesce(s.score, 0) END) AS score
                        FROM tweet_papers tp
                        JOIN tweets t ON t.tweet_id = tp.tweet_id AND t.gone_at IS NULL
                        JOIN tweet_latest x ON x.tweet_id = tp.tweet_id
                        LEFT JOIN LATERAL (
                            SELECT retweet_count::numeric + like_count AS score FROM tweet_snapshots
                            WHERE x.captured_at > :at AND tweet_id = tp.tweet_id AND captured_at <= :at
                            ORDER BY captured_at DESC LIMIT 1
                        ) s ON true
                        WHERE tp.arxiv_id = ANY (:ids)
                        GROUP BY tp.arxiv_id
                        """)
                .bindArray("ids", String.class, papers.stream().map(Candidate::arxivId).sorted().toList())
                .bind("at", at)
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), saturatedLong(rows, "score")))
                .forEach(entry -> scores.put(entry.getKey(), entry.getValue()));
        return scores;
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
        LocalDate since = LocalDate.ofInstant(now, MailingDates.ZONE).minusDays(days);
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM category_engagement_daily WHERE mailing_date >= :since
                        ORDER BY mailing_date, category
                        """)
                .bind("since", since)
                .map((rows, context) -> new CategoryDay(rows.getString("category"),
                        rows.getObject("mailing_date", LocalDate.class), rows.getLong("papers"),
                        rows.getLong("tweeted_papers"), saturatedLong(rows, "retweets"), saturatedLong(rows, "likes"),
                        saturatedLong(rows, "engagement")))
                .list());
    }
}
