package io.hotpapers.bench;

import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.trends.TrendsQuery.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * Scenario "series": {@code trends paper} of a viral paper (505 posts) at the default refresh schedule's density:
 * every post captured at the policy's times (hourly on day 1, six-hourly to day 7, daily to day 30: 71 snapshots),
 * all posts of a round a second apart, amid other papers of the same density. The result is checked against the
 * generator's own arithmetic (row count and final score) before it is timed.
 */
final class SeriesBench {
    private static final int VIRAL_POSTS = 505;
    private static final String VIRAL = "2611.00000";
    private static final Instant ANNOUNCED = Instant.parse("2026-10-01T00:00:00Z");

    /**
     * @param jdbcUrl an existing empty database to generate into (and keep), or null for a throwaway embedded one
     * @param scale 1 = 2,000 other papers of 5 posts each (710,000 snapshots besides the viral paper's 35,855)
     */
    void run(double scale, String jdbcUrl) throws Exception {
        int others = (int) Math.max(1, 2000 * scale);
        List<Long> schedule = scheduleHours();
        try (BenchDatabase bench = new BenchDatabase(jdbcUrl)) {
            Jdbi jdbi = bench.database.jdbi();
            long start = System.nanoTime();
            generate(jdbi, others, schedule);
            long snapshots = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM post_snapshots")
                    .mapTo(Long.class).one());
            System.out.printf("series: generated %,d snapshots (%d per post) in %.0f s%n", snapshots, schedule.size(),
                    (System.nanoTime() - start) / 1e9);
            // expected: one row per hour holding a capture; the last row's score is every post's final counts
            TreeSet<Instant> hours = new TreeSet<>();
            long finalScore = 0;
            for (int post = 0; post < VIRAL_POSTS; post++) {
                for (long hour : schedule) {
                    hours.add(capture(hour, post).truncatedTo(java.time.temporal.ChronoUnit.HOURS));
                }
                finalScore += (long) schedule.size() * (post % 7) + (long) schedule.size() * (post % 13);
            }
            TrendsQuery trends = new TrendsQuery(jdbi);
            List<SeriesPoint> series = trends.series(VIRAL, Instant.EPOCH);
            if (series.size() != hours.size() || series.get(series.size() - 1).score() != finalScore
                    || series.get(series.size() - 1).tweets() != VIRAL_POSTS) {
                throw new IllegalStateException("trends paper: " + series.size() + " rows, final score "
                        + (series.isEmpty() ? "-" : series.get(series.size() - 1).score()) + "; expected "
                        + hours.size() + " rows, final score " + finalScore);
            }
            System.out.printf("series: trends paper checked: %d rows, final score %d, %d posts%n", series.size(),
                    finalScore, VIRAL_POSTS);
            String before = QueryBench.load();
            double[] millis = Timing.repeat(() -> trends.series(VIRAL, Instant.EPOCH));
            System.out.printf("series: trends paper (505 posts x %d snapshots)  min %.1f  median %.1f  p95 %.1f  "
                    + "max %.1f ms (%d runs; target p95 <= 20 ms: %s; %s, after: %s)%n", schedule.size(), millis[0],
                    millis[1], millis[2], millis[3], Timing.RUNS, millis[2] <= 20 ? "met" : "MISSED", before,
                    QueryBench.load());
        }
    }

    /** The default policy's capture times, in hours after the announcement (from RefreshPolicy's schedule). */
    private static List<Long> scheduleHours() {
        return QueryBench.captureHours(RefreshPolicy.standard());
    }

    /** A round starts 10 minutes into its hour; its posts are read a second apart. */
    private static Instant capture(long hour, int post) {
        return ANNOUNCED.plus(Duration.ofHours(hour)).plusSeconds(600 + post);
    }

    private static void generate(Jdbi jdbi, int others, List<Long> schedule) {
        String hours = schedule.toString().replace('[', '{').replace(']', '}');
        jdbi.useHandle(handle -> {
            for (int month = 0; month < 3; month++) {
                handle.execute("SELECT ensure_post_snapshot_partition(timestamptz '" + ANNOUNCED + "' + interval '"
                        + month + " months')");
            }
            // the viral paper's posts are keys 0..504; the other papers' posts follow, five per paper
            handle.execute("INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                    + "SELECT date '2026-10-01', 'cs.LG', '2611.' || lpad(g::text, 5, '0'), 'new' "
                    + "FROM generate_series(0, " + others + ") g");
            handle.execute("INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at) "
                    + "SELECT g, 'x', g::text, (g % 1000)::text, 'A post', timestamptz '" + ANNOUNCED + "', "
                    + "timestamptz '" + ANNOUNCED + "' FROM generate_series(0, " + (VIRAL_POSTS + 5 * others - 1)
                    + ") g");
            handle.execute("INSERT INTO post_papers (post_key, arxiv_id) "
                    + "SELECT g, '2611.' || lpad((CASE WHEN g < " + VIRAL_POSTS + " THEN 0 ELSE (g - " + VIRAL_POSTS
                    + ") / 5 + 1 END)::text, 5, '0') FROM generate_series(0, " + (VIRAL_POSTS + 5 * others - 1)
                    + ") g");
            // snapshot i (1-based) of post g: reposts i * (g % 7), likes i * (g % 13); the viral paper's posts a
            // second apart within each round, the others' likewise by their index in their paper
            handle.execute("INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                    + "SELECT g, timestamptz '" + ANNOUNCED + "' + h.hour * interval '1 hour' + (600 + "
                    + "CASE WHEN g < " + VIRAL_POSTS + " THEN g ELSE (g - " + VIRAL_POSTS + ") % 5 END) "
                    + "* interval '1 second', h.i * (g % 7), h.i * (g % 13), 0, 0 "
                    + "FROM generate_series(0, " + (VIRAL_POSTS + 5 * others - 1) + ") g, "
                    + "unnest('" + hours + "'::int[]) WITH ORDINALITY AS h (hour, i)");
            handle.execute("ANALYZE");
        });
    }
}
