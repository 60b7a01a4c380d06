package io.hotpapers.core.trends;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.paper.MailingDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Engagement trends over the views of {@code sql/V5__engagement_views.sql}. */
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
                .map((rows, context) -> new SeriesPoint(instant(rows, "hour"), rows.getLong("retweets"),
                        rows.getLong("likes"), rows.getLong("replies"), rows.getLong("quotes"), rows.getLong("score"),
                        rows.getLong("tweets")))
                .list());
    }

    /**
     * Papers first listed in the last {@code days} days (in the category, when given), ranked by total engagement
     * or by velocity: the score gained over the last 24 hours divided by the paper's age in days (at least 1).
     */
    public List<TopPaper> top(int days, String category, By by, int limit, Instant now) {
        LocalDate since = LocalDate.ofInstant(now, MailingDates.ZONE).minusDays(days);
        List<TopPaper> papers = jdbi.withHandle(handle -> handle.createQuery("""
                        WITH candidates AS (
                            SELECT arxiv_id, min(mailing_date) AS first_mailing FROM listings
                            WHERE mailing_date >= :since AND (CAST(:category AS text) IS NULL OR category = :category)
                            GROUP BY arxiv_id
                        ),
                        ago AS (
                            SELECT tp.arxiv_id, sum(a.retweet_count + a.like_count) AS score
                            FROM candidates c
                            JOIN tweet_papers tp USING (arxiv_id)
                            JOIN tweets t ON t.tweet_id = tp.tweet_id AND t.gone_at IS NULL
                            JOIN LATERAL (
                                SELECT s.retweet_count, s.like_count FROM tweet_snapshots s
                                WHERE s.tweet_id = tp.tweet_id AND s.captured_at <= :dayAgo
                                ORDER BY s.captured_at DESC LIMIT 1
                            ) a ON true
                            GROUP BY tp.arxiv_id
                        )
                        SELECT c.arxiv_id, coalesce(p.title, '') AS title, c.first_mailing,
                               coalesce(e.retweets + e.likes, 0) AS score, coalesce(e.retweets, 0) AS retweets,
                               coalesce(e.likes, 0) AS likes, coalesce(e.tweets, 0) AS tweets,
                               coalesce(e.retweets + e.likes, 0) - coalesce(ago.score, 0) AS gain
                        FROM candidates c
                        LEFT JOIN paper_latest e USING (arxiv_id)
                        LEFT JOIN ago USING (arxiv_id)
                        LEFT JOIN papers p USING (arxiv_id)
                        """)
                .bind("since", since)
                .bind("category", category)
                .bind("dayAgo", now.minus(Duration.ofDays(1)))
                .map((rows, context) -> {
                    LocalDate first = rows.getObject("first_mailing", LocalDate.class);
                    long gain = rows.getLong("gain");
                    return new TopPaper(rows.getString("arxiv_id"), rows.getString("title"), first,
                            rows.getLong("score"), rows.getLong("retweets"), rows.getLong("likes"), rows.getLong("tweets"),
                            gain, gain / Math.max(1.0, ageInDays(first, now)));
                })
                .list());
        Comparator<TopPaper> order = by == By.TOTAL
                ? Comparator.comparingLong(TopPaper::score).reversed()
                : Comparator.comparingDouble(TopPaper::velocity).reversed();
        return papers.stream()
                .filter(paper -> paper.score() > 0)
                .sorted(order.thenComparing(TopPaper::arxivId))
                .limit(limit)
                .toList();
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
                        rows.getLong("tweeted_papers"), rows.getLong("retweets"), rows.getLong("likes"),
                        rows.getLong("engagement")))
                .list());
    }
}
