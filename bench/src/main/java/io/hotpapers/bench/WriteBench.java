package io.hotpapers.bench;

import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostSnapshot;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Scenario 2: snapshot write throughput of the production writer against a raw COPY of the same rows, both
 * through the rollup triggers (tweets, papers and categories).
 */
final class WriteBench {
    private static final int BATCH = 5_000;

    void run(double scale) throws Exception {
        int rows = (int) (5_000_000 * scale);
        int tweets = Math.max(1, rows / 100);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        try (BenchDatabase bench = new BenchDatabase()) {
            bench.database.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at)
                    SELECT g, 'x', g::text, g::text, 'bench', '2026-11-01', '2026-11-01' FROM generate_series(1, ?) g
                    """, tweets));
            // five tweets per paper, each paper listed: the per-paper and per-category rollups refresh as in production
            bench.database.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO post_papers (post_key, arxiv_id)
                    SELECT g, '2611.' || lpad(((g - 1) / 5)::text, 5, '0') FROM generate_series(1, ?) g
                    """, tweets));
            bench.database.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    SELECT date '2026-11-02', (ARRAY['cs.LG', 'cs.CL'])[1 + g % 2], '2611.' || lpad(g::text, 5, '0'),
                           'new'
                    FROM generate_series(0, (? - 1) / 5) g
                    """, tweets));
            SnapshotStore store = new SnapshotStore(bench.database.jdbi());
            long writerStart = System.nanoTime();
            List<PostSnapshot> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < rows; i++) {
                batch.add(snapshot(i, tweets, start));
                if (batch.size() == BATCH) {
                    store.append(batch);
                    batch.clear();
                }
            }
            store.append(batch);
            double writerSeconds = (System.nanoTime() - writerStart) / 1e9;

            bench.database.jdbi().useHandle(handle -> handle.execute(
                    "TRUNCATE post_snapshots, post_latest, paper_source_latest, paper_latest"));
            long copyStart = System.nanoTime();
            try (Connection connection = bench.database.dataSource().getConnection()) {
                StringBuilder chunk = new StringBuilder();
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (int i = 0; i < rows; i++) {
                    PostSnapshot row = snapshot(i, tweets, start);
                    chunk.append(row.postId()).append('\t').append(row.capturedAt()).append('\t')
                            .append(row.reposts()).append('\t').append(row.likes()).append('\t')
                            .append(row.replies()).append('\t').append(row.quotes()).append('\n');
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        // the post keys equal the X ids here (inserted so above)
                        copy.copyIn("COPY post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                                + "FROM STDIN", new StringReader(chunk.toString()));
                        chunk.setLength(0);
                    }
                }
            }
            double copySeconds = (System.nanoTime() - copyStart) / 1e9;
            System.out.printf("writes: %,d snapshots; SnapshotStore %,.0f rows/s (%.1f s), COPY %,.0f rows/s (%.1f s); "
                    + "ratio %.2f (target >= 0.5)%n", rows, rows / writerSeconds, writerSeconds, rows / copySeconds,
                    copySeconds, copySeconds / writerSeconds);
        }
    }

    /** Row i: tweets captured in rounds of one hour each. */
    private static PostSnapshot snapshot(int i, int tweets, Instant start) {
        long tweet = 1 + i % tweets;
        Instant at = start.plusSeconds(3600L * (i / tweets));
        return new PostSnapshot("x", Long.toString(tweet), at, i % 1000, i % 5000, i % 50, i % 20, null, null);
    }
}
