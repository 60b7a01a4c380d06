package io.hotpapers.bench;

import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.SnapshotStore;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * Scenario "writes": the production snapshot writer ({@link SnapshotStore#append}: staging, post lookup, every
 * rollup trigger) against the physical reference measured here, in the same run on the same server: a {@code COPY}
 * of the same rows (post keys already known) into a bare copy of the snapshot table (same columns, checks, primary
 * key and month partition; no trigger, no foreign key). Then the bytes each stored snapshot takes, table and index.
 *
 * <p>Half the posts are X posts (bookmarks and impressions given), half Bluesky posts (neither). Each run starts from
 * empty tables and writes one round of first snapshots untimed (a post's first snapshot is one of ~71 under the
 * default schedule), then {@value #TIMED_ROUNDS} timed rounds, every post once per round, in batches of
 * {@value #BATCH}; the reference and the writer alternate run by run.
 */
final class WriteBench {
    private static final int BATCH = 5_000;
    private static final int TIMED_ROUNDS = 4;
    private static final int RUNS = 3;
    private static final int POSTS_PER_PAPER = 5;
    private static final Instant START = Instant.parse("2026-11-03T00:00:00Z");
    private static final String BARE = "bench_bare_snapshots";

    /** @param scale 1 = 100,000 posts, 400,000 timed snapshots per run */
    void run(double scale) throws Exception {
        int posts = Math.max(BATCH, (int) Math.round(100_000 * scale) / BATCH * BATCH);
        long timedRows = (long) posts * TIMED_ROUNDS;
        try (BenchDatabase bench = new BenchDatabase()) {
            Jdbi jdbi = bench.database.jdbi();
            setUp(jdbi, posts);
            SnapshotStore store = new SnapshotStore(jdbi);
            double[] reference = new double[RUNS];
            double[] writer = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                empty(jdbi);
                copyRound(bench, posts, 0);
                long start = System.nanoTime();
                for (int round = 1; round <= TIMED_ROUNDS; round++) {
                    copyRound(bench, posts, round);
                }
                reference[run] = timedRows / ((System.nanoTime() - start) / 1e9);

                appendRound(store, posts, 0);
                start = System.nanoTime();
                for (int round = 1; round <= TIMED_ROUNDS; round++) {
                    appendRound(store, posts, round);
                }
                writer[run] = timedRows / ((System.nanoTime() - start) / 1e9);
                check(jdbi, posts);
                System.out.printf("writes: run %d: COPY into the bare table %,.0f rows/s, SnapshotStore with every "
                        + "rollup %,.0f rows/s: ratio %.2f%n", run + 1, reference[run], writer[run],
                        writer[run] / reference[run]);
            }
            double[] ratios = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                ratios[run] = writer[run] / reference[run];
            }
            System.out.printf("writes: %,d posts, %,d timed snapshots a run, %d runs (min / median / max)%n", posts,
                    timedRows, RUNS);
            System.out.printf("writes: COPY into the bare table  %s rows/s%n", spread(reference, "%,.0f"));
            System.out.printf("writes: SnapshotStore, all rollups %s rows/s%n", spread(writer, "%,.0f"));
            double[] sortedRatios = ratios.clone();
            Arrays.sort(sortedRatios);
            System.out.printf("writes: ratio (per run)            %s (target >= 0.5: %s)%n", spread(ratios, "%.2f"),
                    sortedRatios[RUNS / 2] >= 0.5 ? "met" : "MISSED");
            bytesPerRow(jdbi, "post_snapshots");
            bytesPerRow(jdbi, BARE);
        }
    }

    /** Posts (half X, half Bluesky), five per paper, every paper listed; the bare table and its partition. */
    private static void setUp(Jdbi jdbi, int posts) {
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at)
                    SELECT g, CASE WHEN g % 2 = 0 THEN 'x' ELSE 'bluesky' END,
                           CASE WHEN g % 2 = 0 THEN g::text ELSE 'at://did:plc:bench' || g || '/app.bsky.feed.post/3b' END,
                           'author' || g % 5000, 'bench', '2026-11-01', '2026-11-01'
                    FROM generate_series(1, ?) g
                    """, posts);
            handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    SELECT date '2026-11-02', (ARRAY['cs.LG', 'cs.CL'])[1 + g % 2], '2611.' || lpad(g::text, 5, '0'),
                           'new'
                    FROM generate_series(0, (? - 1) / 5) g
                    """, posts);
            handle.execute("""
                    INSERT INTO post_papers (post_key, arxiv_id)
                    SELECT g, '2611.' || lpad(((g - 1) / ?)::text, 5, '0') FROM generate_series(1, ?) g
                    """, POSTS_PER_PAPER, posts);
            handle.createQuery("SELECT ensure_post_snapshot_partition(:at)").bind("at", START).mapTo(String.class)
                    .one();
            handle.execute("CREATE TABLE " + BARE + " (LIKE post_snapshots INCLUDING CONSTRAINTS) "
                    + "PARTITION BY RANGE (captured_at)");
            handle.execute("CREATE TABLE " + BARE + "_2026_11 PARTITION OF " + BARE
                    + " FOR VALUES FROM ('2026-11-01 00:00+00') TO ('2026-12-01 00:00+00')");
            handle.execute("ALTER TABLE " + BARE + " ADD PRIMARY KEY (post_key, captured_at)");
            // the reference must stay bare: no trigger and no foreign key, whatever the migrations add later
            long attached = handle.createQuery("""
                    SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = CAST(:bare AS regclass))
                           + (SELECT count(*) FROM pg_constraint WHERE conrelid = CAST(:bare AS regclass) AND contype = 'f')
                    """).bind("bare", BARE).mapTo(Long.class).one();
            if (attached != 0) {
                throw new IllegalStateException("the reference table is not bare: " + attached + " triggers or keys");
            }
        });
    }

    private static void empty(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            handle.execute("TRUNCATE post_snapshots, post_latest, paper_source_latest, paper_source_automated_latest, "
                    + "paper_latest, " + BARE);
            handle.execute("UPDATE post_refresh SET captured_at = '-infinity', movement = 0");
            handle.execute("VACUUM ANALYZE post_refresh");
        });
    }

    /** Round r of the reference: the same rows as the writer's, by post key, COPY per batch. */
    private static void copyRound(BenchDatabase bench, int posts, int round) throws Exception {
        try (Connection connection = bench.database.dataSource().getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder chunk = new StringBuilder(BATCH * 64);
            for (int key = 1; key <= posts; key++) {
                PostSnapshot row = snapshot(key, round);
                chunk.append(key).append('\t').append(row.capturedAt()).append('\t').append(row.reposts()).append('\t')
                        .append(row.likes()).append('\t').append(row.replies()).append('\t').append(row.quotes())
                        .append('\t').append(row.bookmarks() == null ? "\\N" : row.bookmarks()).append('\t')
                        .append(row.impressions() == null ? "\\N" : row.impressions()).append('\n');
                if (key % BATCH == 0) {
                    copy.copyIn("COPY " + BARE + " (post_key, captured_at, reposts, likes, replies, quotes, bookmarks, "
                            + "impressions) FROM STDIN", new StringReader(chunk.toString()));
                    chunk.setLength(0);
                }
            }
        }
    }

    private static void appendRound(SnapshotStore store, int posts, int round) {
        List<PostSnapshot> batch = new ArrayList<>(BATCH);
        for (int key = 1; key <= posts; key++) {
            batch.add(snapshot(key, round));
            if (batch.size() == BATCH) {
                if (store.append(batch) != BATCH) {
                    throw new IllegalStateException("the writer stored fewer than " + BATCH + " snapshots");
                }
                batch.clear();
            }
        }
    }

    /** Post key k in round r: captured r hours after the start; counts grow with the round. */
    private static PostSnapshot snapshot(int key, int round) {
        Instant at = START.plusSeconds(3600L * round);
        long likes = (key % 997) * (round + 1L);
        if (key % 2 == 0) {
            return new PostSnapshot("x", Integer.toString(key), at, likes / 10, likes, key % 13, key % 7,
                    likes / 4, likes * 40 + key);
        }
        return new PostSnapshot("bluesky", "at://did:plc:bench" + key + "/app.bsky.feed.post/3b", at, likes / 10,
                likes, key % 13, key % 7, null, null);
    }

    /**
     * The rollups against the generator's own arithmetic: every post's latest is its last round's, so the total
     * likes are the sum over posts of (k mod 997) * (rounds + 1), and both tables hold every row.
     */
    private static void check(Jdbi jdbi, int posts) {
        long expectedLikes = 0;
        for (int key = 1; key <= posts; key++) {
            expectedLikes += (key % 997) * (TIMED_ROUNDS + 1L);
        }
        long rows = (long) posts * (TIMED_ROUNDS + 1);
        Map<String, Object> found = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT count(*) FROM post_snapshots) AS snapshots,
                       (SELECT count(*) FROM %s) AS bare,
                       (SELECT sum(likes) FROM paper_latest) AS paper_likes,
                       (SELECT sum(likes) FROM paper_source_latest) AS source_likes,
                       (SELECT sum(likes) FROM category_day_latest) AS category_likes,
                       (SELECT count(*) FROM post_refresh WHERE captured_at = :last) AS refreshed
                """.formatted(BARE)).bind("last", START.plusSeconds(3600L * TIMED_ROUNDS)).mapToMap().one());
        List<Object> expected = List.of(rows, rows, expectedLikes, expectedLikes, expectedLikes, (long) posts);
        List<Object> actual = List.of(number(found.get("snapshots")), number(found.get("bare")),
                number(found.get("paper_likes")), number(found.get("source_likes")),
                number(found.get("category_likes")), number(found.get("refreshed")));
        if (!expected.equals(actual)) {
            throw new IllegalStateException("writes: stored " + actual + ", expected " + expected
                    + " (snapshots, bare rows, likes per paper, per source, per category, refresh rows)");
        }
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** Heap and index bytes of a partitioned table's partitions per stored row. */
    private static void bytesPerRow(Jdbi jdbi, String table) {
        Map<String, Object> sizes = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT count(*) FROM %s) AS rows,
                       (SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree(CAST(:t AS regclass))
                        WHERE isleaf) AS heap,
                       (SELECT sum(pg_indexes_size(relid)) FROM pg_partition_tree(CAST(:t AS regclass))
                        WHERE isleaf) AS index
                """.formatted(table)).bind("t", table).mapToMap().one());
        double rows = number(sizes.get("rows"));
        System.out.printf("writes: %-22s %,.0f rows (half with bookmarks and impressions): table %.1f bytes/row "
                        + "(target <= 64: %s), index %.1f bytes/row%n", table, rows, number(sizes.get("heap")) / rows,
                number(sizes.get("heap")) / rows <= 64 ? "met" : "MISSED", number(sizes.get("index")) / rows);
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format + " / " + format + " / " + format, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }
}
