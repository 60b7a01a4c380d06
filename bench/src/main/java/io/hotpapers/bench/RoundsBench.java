package io.hotpapers.bench;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.paper.PaperStore.ListedPaper;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Scenario "rounds": the queries of one daemon round (refresh candidates, discovery targets and their cursors, the
 * round's snapshot write) at two history sizes with the same active window, and the ratio between them. The
 * history holds what these queries read: papers, listings, posts, links, {@code post_latest} and discovery
 * cursors (no snapshot history: no round query reads it; the write touches the current month's partition only).
 */
final class RoundsBench {
    private static final List<String> CATEGORIES = List.of("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "math.OC",
            "physics.optics", "q-bio.NC", "econ.EM", "eess.SP");
    private static final LocalDate FIRST_DAY = LocalDate.parse("2024-01-01");
    private static final int POSTS_PER_PAPER = 5;
    private static final int ACTIVE_DAYS = 7;
    private static final int WRITE_BATCH = 1000;
    private static final long ROUND_SECONDS = 15 * 60;

    /**
     * @param scale 1 = one year of 1M papers and 5M posts, measured after its first half and after all of it
     * @param jdbcUrl an existing empty database to generate into (and keep), or null for a throwaway embedded one
     */
    void run(double scale, String jdbcUrl) throws Exception {
        int days = 364;
        int papersPerDay = (int) Math.round(1_000_000 * scale / days);
        RefreshPolicy policy = RefreshPolicy.standard();
        try (BenchDatabase bench = new BenchDatabase(jdbcUrl)) {
            Jdbi jdbi = bench.database.jdbi();
            if (jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM papers").mapTo(Long.class).one()) > 0) {
                throw new IllegalStateException("the rounds scenario generates its history: give it an empty database");
            }
            Map<String, double[]> first = null;
            for (int half = 1; half <= 2; half++) {
                int from = half == 1 ? 0 : days / 2;
                int to = half == 1 ? days / 2 : days;
                long start = System.nanoTime();
                generate(jdbi, from, to, papersPerDay, now(to));
                long papers = (long) to * papersPerDay;
                System.out.printf("rounds: generated days %d-%d in %.0f s: history %,d papers, %,d posts%n", from, to - 1,
                        (System.nanoTime() - start) / 1e9, papers, papers * POSTS_PER_PAPER);
                Map<String, double[]> figures = measure(jdbi, to, papersPerDay, policy, half);
                if (first == null) {
                    first = figures;
                } else {
                    for (Map.Entry<String, double[]> entry : figures.entrySet()) {
                        double[] before = first.get(entry.getKey());
                        System.out.printf("rounds: %-34s median %.1f ms at %s vs %.1f ms at half: ratio %.2f "
                                        + "(target <= 1.2: %s)%n", entry.getKey(), entry.getValue()[1], "full",
                                before[1], entry.getValue()[1] / before[1],
                                entry.getValue()[1] / before[1] <= 1.2 ? "met" : "MISSED");
                    }
                }
            }
        }
    }

    private Map<String, double[]> measure(Jdbi jdbi, int days, int papersPerDay, RefreshPolicy policy, int run) {
        Instant now = now(days);
        SnapshotStore snapshots = new SnapshotStore(jdbi);
        PaperStore papers = new PaperStore(jdbi, Clock.fixed(now, ZoneOffset.UTC));
        CursorStore cursors = new CursorStore(jdbi, Clock.fixed(now, ZoneOffset.UTC));
        LocalDate today = LocalDate.ofInstant(now, MailingDates.ZONE);
        Map<String, double[]> figures = new LinkedHashMap<>();

        // expected from the generator's own formula for capture times (see generate), not from the code under test
        long[] expected = expectedDue(days, papersPerDay, now, policy);
        List<RefreshCandidate> candidates = snapshots.dueForRefresh("x", policy, now);
        check("due refreshes", candidates.size(), expected[0],
                candidates.stream().mapToLong(c -> Long.parseLong(c.postId())).sum(), expected[1]);
        figures.put("due refreshes (of the 30-day window)", time("due refreshes (of the 30-day window)", 100,
                () -> snapshots.dueForRefresh("x", policy, now)));

        LocalDate from = today.minusDays(ACTIVE_DAYS - 1);
        long targetDays = FIRST_DAY.plusDays(days).toEpochDay() - Math.max(from.toEpochDay(), FIRST_DAY.toEpochDay());
        List<ListedPaper> listed = papers.listedPapers(CATEGORIES, from, today);
        check("discovery targets", listed.size(), targetDays * papersPerDay,
                listed.stream().mapToLong(p -> number(p.arxivId())).sum(),
                sumOfKeys(firstPaper(days - targetDays, papersPerDay), (long) days * papersPerDay));
        figures.put("discovery targets (7 days)", time("discovery targets (7 days)", 100,
                () -> papers.listedPapers(CATEGORIES, from, today)));
        List<String> ids = listed.stream().map(ListedPaper::arxivId).toList();
        check("discovery cursors", cursors.cursors("x", ids).size(), ids.size(), 0, 0);
        figures.put("discovery cursors (7 days)", time("discovery cursors (7 days)", 100,
                () -> cursors.cursors("x", ids)));

        // a round's write: 1,000 due posts' snapshots, a fresh capture time for every run
        List<String> newest = candidates.stream().map(RefreshCandidate::postId).toList();
        List<String> batch = newest.subList(Math.max(0, newest.size() - WRITE_BATCH), newest.size());
        int[] round = {run * 1000};
        figures.put("refresh write (1,000 snapshots)", time("refresh write (1,000 snapshots)", 100, () -> {
            Instant at = now.plusSeconds(round[0]++);
            List<PostSnapshot> rows = new ArrayList<>(batch.size());
            for (String id : batch) {
                rows.add(new PostSnapshot("x", id, at, round[0], 2L * round[0], 1, 0, null, null));
            }
            int added = snapshots.append(rows);
            if (added != rows.size()) {
                throw new IllegalStateException("the write stored " + added + " of " + rows.size() + " snapshots");
            }
            return added;
        }));
        return figures;
    }

    /** Noon UTC after the last generated day: a round's time. */
    private static Instant now(int days) {
        return FIRST_DAY.plusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    /**
     * How many posts are due, and the sum of their keys, by the generator's formula: a post of a paper in the
     * policy's window was last captured {@code (interval + 15 min) * v} before now, v in (0, 1) from its key, as if
     * rounds every 15 minutes had kept up; it is due when that is at least its interval.
     */
    private static long[] expectedDue(int days, int papersPerDay, Instant now, RefreshPolicy policy) {
        long count = 0;
        long sum = 0;
        for (int day = 0; day < days; day++) {
            Instant announced = FIRST_DAY.plusDays(day).atStartOfDay(MailingDates.ZONE).toInstant();
            java.util.Optional<java.time.Duration> interval = policy.interval(java.time.Duration.between(announced, now));
            if (interval.isEmpty()) {
                continue;
            }
            long intervalSeconds = interval.get().toSeconds();
            for (long g = (long) day * papersPerDay * POSTS_PER_PAPER; g < (long) (day + 1) * papersPerDay * POSTS_PER_PAPER;
                 g++) {
                double v = fraction(g);
                if ((intervalSeconds + ROUND_SECONDS) * v >= intervalSeconds) {
                    count++;
                    sum += g;
                }
            }
        }
        return new long[] {count, sum};
    }

    /** The generator's v for a post key, the same expression as in its SQL. */
    private static double fraction(long g) {
        return ((g * 7919) % 1000 + 0.5) / 1000;
    }

    private static long firstPaper(long day, int papersPerDay) {
        return day * papersPerDay;
    }

    /** The sum of the numbers from {@code from} (inclusive) to {@code to} (exclusive). */
    private static long sumOfKeys(long from, long to) {
        return (to - 1 + from) * (to - from) / 2;
    }

    private static long number(String arxivId) {
        return (Long.parseLong(arxivId.substring(0, 4)) - 2101) * 100_000 + Long.parseLong(arxivId.substring(5));
    }

    private static void check(String name, long rows, long expectedRows, long checksum, long expectedChecksum) {
        if (rows != expectedRows || checksum != expectedChecksum) {
            throw new IllegalStateException(name + ": " + rows + " rows (checksum " + checksum + "), expected "
                    + expectedRows + " (checksum " + expectedChecksum + ")");
        }
        System.out.printf("rounds: %s checked: %,d rows, checksum %d%n", name, rows, checksum);
    }

    private static double[] time(String name, long targetMillis, Supplier<?> query) {
        double[] millis = Timing.repeat(query);
        System.out.printf("rounds: %-34s min %7.1f  median %7.1f  p95 %7.1f  max %7.1f ms (target <= %d ms: %s)%n",
                name, millis[0], millis[1], millis[2], millis[3], targetMillis,
                millis[2] <= targetMillis ? "met" : "MISSED");
        return millis;
    }

    /**
     * Days [from, to): every day lists papersPerDay papers in ten categories; each paper is linked by five posts
     * with a latest snapshot in post_latest and has a discovery cursor. Triggers are off during generation (the
     * rollups are generated directly), so it runs at insert speed.
     */
    private static void generate(Jdbi jdbi, int from, int to, int papersPerDay, Instant now) {
        long first = (long) from * papersPerDay;
        long last = (long) to * papersPerDay - 1;
        String categories = "ARRAY['" + String.join("','", CATEGORIES) + "']";
        String id = "(2101 + g / 100000)::text || '.' || lpad((g % 100000)::text, 5, '0')";
        String day = "(date '" + FIRST_DAY + "' + (g / " + papersPerDay + ")::int)";
        String postDay = "(date '" + FIRST_DAY + "' + (g / " + (papersPerDay * POSTS_PER_PAPER) + ")::int)";
        String papers = "FROM generate_series(" + first + ", " + last + ") g";
        String posts = "FROM generate_series(" + first * POSTS_PER_PAPER + ", " + ((last + 1) * POSTS_PER_PAPER - 1)
                + ") g";
        String paperOfPost = "(2101 + (g / 5) / 100000)::text || '.' || lpad(((g / 5) % 100000)::text, 5, '0')";
        jdbi.useHandle(handle -> {
            handle.execute("SET session_replication_role = replica");
            handle.execute("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, "
                    + "categories, submitted_at, last_updated_at, ingested_at, updated_at) "
                    + "SELECT " + id + ", 1, 'Paper ' || g, 'Abstract', ARRAY['A. Author'], c, ARRAY[c], t, t, t, t "
                    + papers + ", LATERAL (SELECT (" + categories + ")[1 + g % 10] AS c, "
                    + day + " - 1 + time '12:00' AS t) x");
            handle.execute("INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                    + "SELECT " + day + ", (" + categories + ")[1 + g % 10], " + id + ", 'new' " + papers);
            handle.execute("INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, "
                    + "lang, created_at, first_seen_at) "
                    + "SELECT g, 'x', g::text, (g % 100000)::text, 'u' || (g % 100000), 'User', 'A post', 'en', "
                    + postDay + " + time '13:00', " + postDay + " + time '13:00' " + posts);
            handle.execute("INSERT INTO post_papers (post_key, arxiv_id) SELECT g, " + paperOfPost + " " + posts);
            // the policy's intervals by age (RefreshPolicy.standard()); past its horizon, the last capture was
            // before the paper turned 30 days old
            String announced = "((" + postDay + ")::timestamp AT TIME ZONE 'America/New_York')";
            String age = "(timestamptz '" + now + "' - " + announced + ")";
            String interval = "(CASE WHEN " + age + " < interval '1 day' THEN 3600 WHEN " + age
                    + " < interval '7 days' THEN 21600 WHEN " + age + " < interval '30 days' THEN 86400 END)";
            String fraction = "(((g::bigint * 7919) % 1000 + 0.5) / 1000)";
            String captured = "coalesce(timestamptz '" + now + "' - (" + interval + " + " + ROUND_SECONDS + ") * "
                    + fraction + " * interval '1 second', " + announced + " + interval '29 days')";
            handle.execute("INSERT INTO post_latest (post_key, captured_at, reposts, likes, replies, quotes, "
                    + "previous_captured_at, previous_score) "
                    + "SELECT g, " + captured + ", g % 13, g % 41, g % 3, g % 2, "
                    + captured + " - interval '1 hour', g % 13 + g % 7 " + posts);
            handle.execute("INSERT INTO post_refresh (post_key, source, first_mailing, captured_at, movement) "
                    + "SELECT post_key, 'x', date '" + FIRST_DAY + "' + (post_key / "
                    + (papersPerDay * POSTS_PER_PAPER) + ")::int, captured_at, reposts + likes - previous_score "
                    + "FROM post_latest WHERE post_key BETWEEN " + first * POSTS_PER_PAPER + " AND "
                    + ((last + 1) * POSTS_PER_PAPER - 1));
            handle.execute("INSERT INTO discovery_cursors (source, scope, cursor, searched_at) "
                    + "SELECT 'x', " + id + ", (g * 5 + 4)::text, " + day + " + time '15:00' " + papers);
            handle.execute("RESET session_replication_role");
            handle.execute("ANALYZE");
        });
    }
}
