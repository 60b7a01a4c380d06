package io.hotpapers.core.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The snapshot trigger adds each write's changes to the rollups (V26) instead of recomputing them: whatever the
 * batches, the rollups must equal their recomputation from scratch, and the history must still belong to stored
 * posts without a foreign key of its own.
 */
class SnapshotRollupsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant START = Instant.parse("2021-05-12T00:00:00Z");
    private static final int POSTS = 40;
    private static final int PAPERS = 12;

    /** Every rollup, as text, in a fixed order. */
    private static final String ROLLUPS = """
            SELECT 'paper' AS t, concat_ws(',', arxiv_id, reposts, likes, replies, quotes, posts, unique_authors,
                   last_snapshot_at) AS r FROM paper_latest
            UNION ALL SELECT 'source', concat_ws(',', arxiv_id, source, reposts, likes, replies, quotes, posts,
                   unique_authors, last_snapshot_at) FROM paper_source_latest
            UNION ALL SELECT 'bots', concat_ws(',', arxiv_id, source, reposts, likes, replies, quotes, posts,
                   unique_authors, last_snapshot_at) FROM paper_source_automated_latest
            UNION ALL SELECT 'category', concat_ws(',', mailing_date, category, papers, posted_papers, reposts, likes)
                   FROM category_day_latest
            UNION ALL SELECT 'refresh', concat_ws(',', post_key, source, first_mailing, captured_at, movement)
                   FROM post_refresh
            UNION ALL SELECT 'latest', concat_ws(',', post_key, captured_at, reposts, likes, replies, quotes,
                   previous_captured_at, previous_score) FROM post_latest
            ORDER BY 1, 2
            """;

    /** post_latest by its definition: each post's newest snapshot and the one before it. */
    private static final String LATEST_FROM_HISTORY = """
            SELECT 'latest' AS t, concat_ws(',', post_key, captured_at, reposts, likes, replies, quotes,
                   previous_captured_at, previous_score) AS r
            FROM (SELECT post_key, captured_at, reposts, likes, replies, quotes,
                         lead(captured_at) OVER w AS previous_captured_at,
                         lead(reposts::numeric + likes) OVER w AS previous_score, row_number() OVER w AS position
                  FROM post_snapshots WINDOW w AS (PARTITION BY post_key ORDER BY captured_at DESC)) s
            WHERE position = 1 ORDER BY 1, 2
            """;

    private SnapshotStore snapshots;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        snapshots = new SnapshotStore(postgres.jdbi());
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at)
                    SELECT g, CASE WHEN g % 3 = 0 THEN 'bluesky' ELSE 'x' END, 'p' || g, 'a' || g % 7, 'text',
                           '2021-05-11', '2021-05-11'
                    FROM generate_series(1, ?) g
                    """, POSTS);
            // posts link one or two papers; every paper but the last is listed, two in two categories
            handle.execute("""
                    INSERT INTO post_papers (post_key, arxiv_id)
                    SELECT g, '2105.' || lpad((g % ?)::text, 5, '0') FROM generate_series(1, ?) g
                    UNION SELECT g, '2105.' || lpad(((g * 5) % ?)::text, 5, '0') FROM generate_series(1, ?, 4) g
                    """, PAPERS, POSTS, PAPERS, POSTS);
            handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    SELECT date '2021-05-12' + g % 2, (ARRAY['cs.LG', 'cs.CL'])[1 + g % 2],
                           '2105.' || lpad(g::text, 5, '0'), 'new'
                    FROM generate_series(0, ? - 2) g
                    UNION ALL SELECT date '2021-05-13', 'stat.ML', '2105.' || lpad(g::text, 5, '0'), 'cross'
                    FROM generate_series(0, 1) g
                    """, PAPERS);
        });
    }

    @Test
    void rollupsAddedBatchByBatchEqualTheirRecomputationFromScratch() {
        Random random = new Random(19);
        for (int batch = 0; batch < 60; batch++) {
            List<PostSnapshot> rows = new ArrayList<>();
            int size = 1 + random.nextInt(25);
            for (int i = 0; i < size; i++) {
                int post = 1 + random.nextInt(POSTS);
                // capture times in any order: late batches, several snapshots of one post in one batch
                Instant at = START.plusSeconds(60L * random.nextInt(5_000));
                rows.add(new PostSnapshot(post % 3 == 0 ? "bluesky" : "x", "p" + post, at, random.nextInt(1_000),
                        random.nextInt(100_000), random.nextInt(50), random.nextInt(20), null, null));
            }
            snapshots.append(rows);
            if (batch % 15 == 7) {
                int post = 1 + random.nextInt(POSTS);
                postgres.jdbi().useHandle(handle -> handle.execute(
                        "UPDATE posts SET gone_at = ? WHERE post_key = ?", START, post));
            }
            if (batch % 20 == 3) {
                int post = 1 + random.nextInt(POSTS);
                postgres.jdbi().useHandle(handle -> handle.execute(
                        "UPDATE posts SET automated = NOT automated WHERE post_key = ?", post));
            }
        }

        postgres.jdbi().useHandle(handle -> {
            List<String> added = rollups(handle);
            assertThat(added).as("rollups written").hasSizeGreaterThan(80);
            assertThat(added.stream().filter(row -> row.startsWith("latest|")).toList())
                    .isEqualTo(query(handle, LATEST_FROM_HISTORY));
            handle.execute("SELECT refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM post_papers))");
            handle.execute("SELECT rebuild_category_day_latest()");
            handle.execute("SELECT refresh_post_refresh(ARRAY(SELECT post_key FROM posts))");
            assertThat(added).isEqualTo(rollups(handle));
        });
    }

    @Test
    void aBatchRepeatingAStoredSnapshotStillStoresItsNewOnes() {
        PostSnapshot first = snapshot(1, "2021-05-12T09:00:00Z", 5, 50);
        snapshots.append(List.of(first));
        PostSnapshot second = snapshot(1, "2021-05-12T10:00:00Z", 6, 60);
        PostSnapshot other = snapshot(2, "2021-05-12T10:00:00Z", 1, 10);

        int added = snapshots.append(List.of(snapshot(1, "2021-05-12T09:00:00Z", 99, 999), second, other, other));

        assertThat(added).isEqualTo(2);
        assertThat(snapshots.history("x", "p1")).containsExactly(first, second);
        long likes = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT likes FROM paper_latest WHERE arxiv_id = '2105.00001'").mapTo(Long.class).one());
        assertThat(likes).as("post 1's latest likes, counted once").isEqualTo(60L);
    }

    @Test
    void aSnapshotOfAMissingPostFailsAndADeletedPostTakesItsSnapshotsAlong() {
        snapshots.append(List.of(snapshot(1, "2021-05-12T09:00:00Z", 5, 50), snapshot(2, "2021-05-12T09:00:00Z",
                1, 10)));

        assertThatThrownBy(() -> postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                VALUES (2, '2021-05-12T10:00:00Z', 1, 1, 0, 0), (999, '2021-05-12T10:00:00Z', 1, 1, 0, 0)
                """))).hasMessageContaining("post_latest");
        assertThat(snapshots.append(List.of(new PostSnapshot("x", "never-stored", START, 1, 1, 0, 0, null, null))))
                .as("the writer leaves out snapshots of posts it does not know").isZero();

        postgres.jdbi().useHandle(handle -> handle.execute("DELETE FROM posts WHERE post_key = 1"));

        List<Long> left = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT post_key FROM post_snapshots ORDER BY 1").mapTo(Long.class).list());
        assertThat(left).containsExactly(2L);
    }

    /**
     * A post without papers takes no lock, so two writers of it can meet: the one that read the post's row before
     * the other committed finds it moved and upserts instead, and an older capture never replaces a newer one.
     */
    @Test
    void aLateSnapshotWrittenBesideANewerOneOfAPostWithoutPapersLeavesTheNewerOneLatest() throws Exception {
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at)
                VALUES (999, 'x', 'unlinked', 'a', 'text', '2021-05-11', '2021-05-11')
                """));
        snapshots.append(List.of(new PostSnapshot("x", "unlinked", Instant.parse("2021-05-12T09:00:00Z"), 1, 10, 0, 0,
                null, null)));
        java.util.concurrent.ExecutorService late = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Handle newer = postgres.jdbi().open()) {
            newer.begin();
            newer.execute("INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                    + "VALUES (999, '2021-05-12T11:00:00Z', 3, 30, 0, 0)");
            java.util.concurrent.Future<Integer> older = late.submit(() -> snapshots.append(List.of(new PostSnapshot(
                    "x", "unlinked", Instant.parse("2021-05-12T10:00:00Z"), 2, 20, 0, 0, null, null))));
            awaitAWriterWaitingForALock();
            newer.commit();
            assertThat(older.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            late.shutdownNow();
        }

        String latest = postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT concat_ws(',', captured_at, reposts, likes) FROM post_latest WHERE post_key = 999")
                .mapTo(String.class).one());
        assertThat(latest).isEqualTo("2021-05-12 11:00:00+00,3,30");
        assertThat(snapshots.history("x", "unlinked")).hasSize(3);
    }

    /** Until another session waits for a row lock (bounded: 30 s). */
    private static void awaitAWriterWaitingForALock() throws InterruptedException {
        for (int attempt = 0; attempt < 3_000; attempt++) {
            boolean waiting = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT EXISTS (SELECT FROM pg_stat_activity
                                   WHERE datname = current_database() AND wait_event_type = 'Lock')
                    """).mapTo(Boolean.class).one());
            if (waiting) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no writer waited for the row lock within 30 s");
    }

    private static PostSnapshot snapshot(int post, String capturedAt, long reposts, long likes) {
        return new PostSnapshot("x", "p" + post, Instant.parse(capturedAt), reposts, likes, 0, 0, null, null);
    }

    private static List<String> rollups(Handle handle) {
        return query(handle, ROLLUPS);
    }

    private static List<String> query(Handle handle, String sql) {
        return handle.createQuery(sql).map((rows, context) -> rows.getString("t") + "|" + rows.getString("r")).list();
    }
}
