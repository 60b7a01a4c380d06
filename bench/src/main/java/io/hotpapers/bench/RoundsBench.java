package io.hotpapers.bench;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.paper.PaperStore.ListedPaper;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Both histories live side by side (two databases of one server, the year's a copy of the half year's with the
 * second half added), so their runs interleave: each of {@link #ROUNDS} rounds times every query at both sizes,
 * in alternating order, and a burst of load from other processes hits both alike. Reported per size: the median of
 * all runs, the ratio of the medians, the spread of the per-round ratios, and the shared buffers each call touches
 * (from {@code pg_stat_statements}: the same counters as {@code EXPLAIN (ANALYZE, BUFFERS)}), which do not depend
 * on the load at all.
 */
final class RoundsBench {
    private static final List<String> CATEGORIES = List.of("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "math.OC",
            "physics.optics", "q-bio.NC", "econ.EM", "eess.SP");
    private static final LocalDate FIRST_DAY = LocalDate.parse("2024-01-01");
    private static final int POSTS_PER_PAPER = 5;
    private static final int ACTIVE_DAYS = 7;
    private static final int WRITE_BATCH = 1000;
    private static final long ROUND_SECONDS = 15 * 60;
    private static final int ROUNDS = 12;
    private static final int RUNS_PER_ROUND = 5;
    private static final int WARM_UP_RUNS = 3;
    private static final String HALF = "hotpapers_rounds_half";
    private static final String FULL = "hotpapers_rounds_full";

    /** One size's database and its moment. */
    private record History(String name, Jdbi jdbi, int days) {
    }

    /** One timed operation of a round, at one size. */
    private record Operation(String query, Supplier<?> run) {
    }

    /**
     * @param scale 1 = one year of 1M papers and 5M posts, measured after its first half and after all of it
     * @param jdbcUrl a server to generate into (two databases, {@value #HALF} and {@value #FULL}, are created there
     *                afresh and kept), or null for a throwaway embedded one
     */
    void run(double scale, String jdbcUrl) throws Exception {
        int days = 364;
        int papersPerDay = (int) Math.round(1_000_000 * scale / days);
        RefreshPolicy policy = RefreshPolicy.standard();
        System.out.printf("rounds: load before: %s%n", Load.now());
        try (BenchDatabase bench = new BenchDatabase(jdbcUrl,
                Map.of("shared_preload_libraries", "pg_stat_statements"))) {
            Jdbi server = bench.database.jdbi();
            for (String name : List.of(HALF, FULL)) {
                server.useHandle(handle -> handle.execute("DROP DATABASE IF EXISTS " + name));
            }
            server.useHandle(handle -> handle.execute("CREATE DATABASE " + HALF));
            Database half = open(sibling(bench.jdbcUrl, HALF));
            long start = System.nanoTime();
            generate(half.jdbi(), 0, days / 2, papersPerDay, now(days / 2));
            half.stop(); // a template must have no session
            server.useHandle(handle -> handle.execute("CREATE DATABASE " + FULL + " TEMPLATE " + HALF));
            half = open(sibling(bench.jdbcUrl, HALF));
            Database full = open(sibling(bench.jdbcUrl, FULL));
            generate(full.jdbi(), days / 2, days, papersPerDay, now(days));
            long papers = (long) days * papersPerDay;
            System.out.printf("rounds: generated in %.0f s: half a year %,d papers, %,d posts; a year %,d papers, "
                            + "%,d posts%n", (System.nanoTime() - start) / 1e9, papers / 2, papers / 2 * POSTS_PER_PAPER,
                    papers, papers * POSTS_PER_PAPER);
            try {
                boolean statements = statementsAvailable(half.jdbi()) && statementsAvailable(full.jdbi());
                List<History> histories = List.of(new History("half year", half.jdbi(), days / 2),
                        new History("year", full.jdbi(), days));
                Map<String, List<Operation>> operations = new LinkedHashMap<>();
                for (History history : histories) {
                    operations.put(history.name(), operations(history, papersPerDay, policy));
                }
                compare(histories, operations, statements);
            } finally {
                half.stop();
                full.stop();
            }
        }
        System.out.printf("rounds: load after: %s%n", Load.now());
    }

    private static Database open(String jdbcUrl) {
        Database database = new Database(new DatabaseSettings.External(jdbcUrl, null, null));
        database.start();
        database.migrate();
        return database;
    }

    /** The URL of another database on the same server. */
    private static String sibling(String jdbcUrl, String name) {
        return jdbcUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    private static boolean statementsAvailable(Jdbi jdbi) {
        try {
            jdbi.useHandle(handle -> handle.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
            jdbi.useHandle(handle -> handle.createQuery("SELECT pg_stat_statements_reset()").mapTo(String.class).one());
            return true;
        } catch (RuntimeException e) {
            System.out.println("rounds: pg_stat_statements is not loaded on this server: no buffer counts");
            return false;
        }
    }

    /**
     * Interleaved rounds: every query at both sizes, the sizes' order alternating; then per query and size the median
     * of all runs, the ratio of medians, the per-round ratios' spread, and buffers per call.
     */
    private static void compare(List<History> histories, Map<String, List<Operation>> operations,
                                boolean statements) {
        List<String> queries = operations.get(histories.get(0).name()).stream().map(Operation::query).toList();
        Map<String, List<Double>> all = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, Double> buffers = new LinkedHashMap<>();
        // query by query (the write last: it changes what is due), the two sizes interleaved round by round
        for (int q = 0; q < queries.size(); q++) {
            for (History history : histories) {
                for (int i = 0; i < WARM_UP_RUNS; i++) {
                    operations.get(history.name()).get(q).run().get();
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                List<History> order = round % 2 == 0 ? histories : List.of(histories.get(1), histories.get(0));
                Map<String, Double> medians = new LinkedHashMap<>();
                for (History history : order) {
                    Operation operation = operations.get(history.name()).get(q);
                    double[] runs = new double[RUNS_PER_ROUND];
                    for (int i = 0; i < RUNS_PER_ROUND; i++) {
                        long began = System.nanoTime();
                        operation.run().get();
                        runs[i] = (System.nanoTime() - began) / 1e6;
                        all.computeIfAbsent(key(queries.get(q), history), k -> new ArrayList<>()).add(runs[i]);
                    }
                    java.util.Arrays.sort(runs);
                    medians.put(history.name(), runs[RUNS_PER_ROUND / 2]);
                }
                ratios.computeIfAbsent(queries.get(q), k -> new ArrayList<>())
                        .add(medians.get(histories.get(1).name()) / medians.get(histories.get(0).name()));
            }
            if (statements) {
                for (History history : histories) {
                    buffers.put(key(queries.get(q), history), buffers(history, operations.get(history.name()).get(q)));
                }
            }
        }
        for (String query : queries) {
            double[] medianOf = new double[2];
            for (int h = 0; h < 2; h++) {
                List<Double> runs = new ArrayList<>(all.get(key(query, histories.get(h))));
                runs.sort(null);
                medianOf[h] = runs.get(runs.size() / 2);
                System.out.printf("rounds: %-34s %-9s min %7.1f  median %7.1f  p95 %7.1f  max %7.1f ms (%d runs in "
                                + "%d rounds; target p95 <= 100 ms: %s)%s%n", query, histories.get(h).name(),
                        runs.get(0), medianOf[h], runs.get((int) Math.ceil(runs.size() * 0.95) - 1),
                        runs.get(runs.size() - 1), runs.size(), ROUNDS,
                        runs.get((int) Math.ceil(runs.size() * 0.95) - 1) <= 100 ? "met" : "MISSED",
                        buffers.isEmpty() ? "" : String.format("; %.0f shared buffers a call",
                                buffers.get(key(query, histories.get(h)))));
            }
            List<Double> perRound = new ArrayList<>(ratios.get(query));
            perRound.sort(null);
            double ratio = medianOf[1] / medianOf[0];
            System.out.printf("rounds: %-34s year / half year: ratio of medians %.2f (target <= 1.2: %s); per-round "
                            + "ratios min %.2f median %.2f max %.2f%s%n", query, ratio, ratio <= 1.2 ? "met" : "MISSED",
                    perRound.get(0), perRound.get(perRound.size() / 2), perRound.get(perRound.size() - 1),
                    buffers.isEmpty() ? "" : String.format("; buffers %.0f vs %.0f (ratio %.2f)",
                            buffers.get(key(query, histories.get(1))), buffers.get(key(query, histories.get(0))),
                            buffers.get(key(query, histories.get(1))) / buffers.get(key(query, histories.get(0)))));
        }
    }

    private static String key(String query, History history) {
        return query + " @ " + history.name();
    }

    /**
     * Shared buffers (hit + read) per call of an operation: {@code pg_stat_statements} is reset, the operation runs
     * {@value #RUNS_PER_ROUND} times, and the blocks of every statement of that database are summed.
     */
    private static double buffers(History history, Operation operation) {
        history.jdbi().useHandle(handle -> handle.createQuery("SELECT pg_stat_statements_reset()")
                .mapTo(String.class).one());
        for (int i = 0; i < RUNS_PER_ROUND; i++) {
            operation.run().get();
        }
        double blocks = history.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT coalesce(sum(shared_blks_hit + shared_blks_read), 0) FROM pg_stat_statements s "
                                + "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
                                + "AND s.query NOT LIKE '%pg_stat_statements%'")
                .mapTo(Double.class).one());
        return blocks / RUNS_PER_ROUND;
    }

    /** Checks each query's result at this size against the generator's arithmetic; returns the timed operations. */
    private static List<Operation> operations(History history, int papersPerDay, RefreshPolicy policy) {
        Jdbi jdbi = history.jdbi();
        int days = history.days();
        Instant now = now(days);
        SnapshotStore snapshots = new SnapshotStore(jdbi);
        PaperStore papers = new PaperStore(jdbi, Clock.fixed(now, ZoneOffset.UTC));
        CursorStore cursors = new CursorStore(jdbi, Clock.fixed(now, ZoneOffset.UTC));
        LocalDate today = LocalDate.ofInstant(now, MailingDates.ZONE);
        List<Operation> operations = new ArrayList<>();

        // expected from the generator's own formula for capture times (see generate), not from the code under test
        long[] expected = expectedDue(days, papersPerDay, now, policy);
        List<RefreshCandidate> candidates = snapshots.dueForRefresh("x", policy, now);
        check(history, "due refreshes", candidates.size(), expected[0],
                candidates.stream().mapToLong(c -> Long.parseLong(c.postId())).sum(), expected[1]);
        operations.add(new Operation("due refreshes (of the 30-day window)",
                () -> snapshots.dueForRefresh("x", policy, now)));

        LocalDate from = today.minusDays(ACTIVE_DAYS - 1);
        long targetDays = FIRST_DAY.plusDays(days).toEpochDay() - Math.max(from.toEpochDay(), FIRST_DAY.toEpochDay());
        List<ListedPaper> listed = papers.listedPapers(CATEGORIES, from, today);
        check(history, "discovery targets", listed.size(), targetDays * papersPerDay,
                listed.stream().mapToLong(p -> number(p.arxivId())).sum(),
                sumOfKeys(firstPaper(days - targetDays, papersPerDay), (long) days * papersPerDay));
        operations.add(new Operation("discovery targets (7 days)", () -> papers.listedPapers(CATEGORIES, from, today)));
        List<String> ids = listed.stream().map(ListedPaper::arxivId).toList();
        check(history, "discovery cursors", cursors.cursors("x", ids).size(), ids.size(), 0, 0);
        operations.add(new Operation("discovery cursors (7 days)", () -> cursors.cursors("x", ids)));

        // a round's write: the newest due posts' snapshots (up to 1,000); last, as it takes these posts out of the
        // due ones. Each run captures them one hour after the previous run, the policy's shortest interval: what a
        // refresh round writes (a post is refreshed at its interval, so its new snapshot is in a later hour than its
        // latest). Runs a second apart would make every write a post's second capture within one hour, a rare case
        // whose cost grows with the captures already in that hour. The months the runs reach exist beforehand.
        List<String> newest = candidates.stream().map(RefreshCandidate::postId).toList();
        List<String> batch = newest.subList(Math.max(0, newest.size() - WRITE_BATCH), newest.size());
        jdbi.useHandle(handle -> handle.createQuery("SELECT ensure_post_snapshot_partition(:at)")
                .bind("at", now.plus(Duration.ofDays(5))).mapTo(String.class).one());
        int[] round = {0};
        operations.add(new Operation("refresh write (" + batch.size() + " snapshots)", () -> {
            Instant at = now.plus(Duration.ofHours(++round[0]));
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
        return operations;
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

    private static void check(History history, String name, long rows, long expectedRows, long checksum, long expectedChecksum) {
        if (rows != expectedRows || checksum != expectedChecksum) {
            throw new IllegalStateException(name + ": " + rows + " rows (checksum " + checksum + "), expected "
                    + expectedRows + " (checksum " + expectedChecksum + ")");
        }
        System.out.printf("rounds: %s at %s checked: %,d rows, checksum %d%n", name, history.name(), rows, checksum);
    }

    /**
     * Days [from, to): every day lists papersPerDay papers in ten categories; each paper is linked by five posts
     * with a latest snapshot in post_latest and has a discovery cursor; the papers' and categories' rollups are filled
     * from them. Triggers are off during generation (the rollups are generated directly), so it runs at insert speed.
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
            // the papers' rollups as the triggers keep them in production: every paper with a snapshot has its
            // rows, so a round's write takes the incremental path, not the recompute of papers missing from them
            handle.execute("SELECT refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM post_papers "
                    + "WHERE post_key BETWEEN " + first * POSTS_PER_PAPER + " AND "
                    + ((last + 1) * POSTS_PER_PAPER - 1) + "))");
            handle.execute("INSERT INTO discovery_cursors (source, scope, cursor, searched_at) "
                    + "SELECT 'x', " + id + ", (g * 5 + 4)::text, " + day + " + time '15:00' " + papers);
            handle.execute("SELECT rebuild_category_day_latest()");
            handle.execute("RESET session_replication_role");
            handle.execute("ANALYZE");
        });
    }
}
