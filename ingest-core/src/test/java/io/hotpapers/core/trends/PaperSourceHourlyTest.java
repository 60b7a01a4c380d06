package io.hotpapers.core.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hourly rollup behind the series views (paper_source_hourly) gives the series that the raw snapshots define,
 * whatever order the writes come in: snapshots in late, out-of-order and mixed batches, posts gone (and back),
 * posts flagged as bots after their snapshots, links added after the snapshots. The reference is computed here
 * the slow, literal way from post_snapshots: at each hour in which a counted post of the paper (of the source) was
 * captured, the sum over the posts that still count of each one's latest snapshot before the hour ends.
 */
class PaperSourceHourlyTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String LITERAL_TOTALS = """
            WITH rounds AS (
                SELECT DISTINCT pp.arxiv_id, date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
                FROM post_snapshots s JOIN post_papers pp USING (post_key) JOIN posts p USING (post_key)
                WHERE NOT p.automated)
            SELECT r.arxiv_id, r.hour, sum(x.reposts) AS retweets, sum(x.likes) AS likes, sum(x.replies) AS replies,
                   sum(x.quotes) AS quotes, sum(x.reposts::numeric + x.likes) AS score, count(*) AS tweets
            FROM rounds r
            JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
            JOIN posts p ON p.post_key = pp.post_key AND NOT p.automated
            JOIN LATERAL (SELECT s.reposts, s.likes, s.replies, s.quotes FROM post_snapshots s
                          WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
                          ORDER BY s.captured_at DESC LIMIT 1) x ON true
            WHERE p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour'
            GROUP BY r.arxiv_id, r.hour
            ORDER BY 1, 2
            """;

    static final String LITERAL_PER_SOURCE = """
            WITH rounds AS (
                SELECT DISTINCT pp.arxiv_id, p.source,
                       date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
                FROM post_snapshots s JOIN post_papers pp USING (post_key) JOIN posts p USING (post_key)
                WHERE NOT p.automated)
            SELECT r.arxiv_id, r.source, r.hour, sum(x.reposts) AS reposts, sum(x.likes) AS likes,
                   sum(x.replies) AS replies, sum(x.quotes) AS quotes, sum(x.reposts::numeric + x.likes) AS score,
                   count(*) AS posts
            FROM rounds r
            JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
            JOIN posts p ON p.post_key = pp.post_key AND p.source = r.source AND NOT p.automated
            JOIN LATERAL (SELECT s.reposts, s.likes, s.replies, s.quotes FROM post_snapshots s
                          WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
                          ORDER BY s.captured_at DESC LIMIT 1) x ON true
            WHERE p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour'
            GROUP BY r.arxiv_id, r.source, r.hour
            ORDER BY 1, 2, 3
            """;

    static final String TOTALS = "SELECT arxiv_id, hour, retweets, likes, replies, quotes, score, tweets "
            + "FROM paper_engagement_series ORDER BY 1, 2";
    static final String PER_SOURCE = "SELECT arxiv_id, source, hour, reposts, likes, replies, quotes, score, posts "
            + "FROM paper_source_engagement_series ORDER BY 1, 2, 3";

    private static final List<String> PAPERS = List.of("2105.00001", "2105.00002", "2105.00003");
    private static final Instant START = Instant.parse("2021-05-14T10:00:00Z");

    @Test
    void theRollupGivesTheSeriesOfTheSnapshotsWhateverTheOrderOfTheWrites() {
        for (long seed = 1; seed <= 8; seed++) {
            postgres.truncateAll();
            generate(seed);
            assertThat(rows(TOTALS)).as("totals, seed " + seed).isNotEmpty().isEqualTo(rows(LITERAL_TOTALS));
            assertThat(rows(PER_SOURCE)).as("per source, seed " + seed).isEqualTo(rows(LITERAL_PER_SOURCE));
        }
    }

    @Test
    void aGonePostStopsAtTheHourItWasGoneAndABotsPostNeverCounts() {
        postgres.truncateAll();
        PostStore posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        posts.upsert(List.of(linked(post("x", "1", false)), linked(post("x", "2", false)),
                linked(post("x", "3", false))));
        snapshots.append(List.of(snapshot("x", "1", "10:05", 1, 10), snapshot("x", "2", "10:06", 2, 20),
                snapshot("x", "3", "10:07", 4, 40)));
        snapshots.append(List.of(snapshot("x", "1", "11:05", 3, 30), snapshot("x", "2", "11:06", 5, 50),
                snapshot("x", "3", "11:07", 6, 60)));
        posts.markGone("x", "2", Instant.parse("2021-05-14T11:30:00Z"));
        // post 3 turns out to be a bot's: it leaves every hour, its captures no longer make rounds
        posts.upsert(List.of(linked(post("x", "3", true))));
        snapshots.append(List.of(snapshot("x", "1", "12:05", 7, 70), snapshot("x", "2", "12:06", 9, 90)));

        List<TrendsQuery.SeriesPoint> series = new TrendsQuery(postgres.jdbi()).series(PAPERS.get(0), Instant.EPOCH);

        assertThat(series).extracting(TrendsQuery.SeriesPoint::score, TrendsQuery.SeriesPoint::tweets)
                .containsExactly(tuple(33L, 2L), // 10:00: posts 1 and 2
                        tuple(33L, 1L), // 11:00: post 2 gone before the hour ended
                        tuple(77L, 1L)); // 12:00: post 1 alone
        assertThat(rows(TOTALS)).isEqualTo(rows(LITERAL_TOTALS));
    }

    /**
     * One batch mixing every case the snapshot trigger tells apart: posts whose new snapshot is in a later hour than
     * their latest (the usual case, taken from post_latest without reading the history), a post's first snapshot, a
     * second capture within the latest's hour, a late snapshot, two snapshots of one post, a gone post and a bot's.
     */
    @Test
    void aBatchMixingTheUsualCaseWithLateAndRepeatedSnapshotsGivesTheSeriesOfTheSnapshots() {
        postgres.truncateAll();
        PostStore posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        for (int id = 1; id <= 7; id++) {
            posts.upsert(List.of(linked(post(id % 2 == 0 ? "test" : "x", Integer.toString(id), id == 7))));
        }
        posts.markGone("x", "5", Instant.parse("2021-05-14T12:30:00Z"));
        snapshots.append(List.of(snapshot("x", "1", "10:05", 1, 10), snapshot("test", "2", "10:10", 2, 20),
                snapshot("x", "3", "10:15", 3, 30), snapshot("test", "4", "10:20", 4, 40),
                snapshot("x", "5", "10:25", 5, 50), snapshot("x", "7", "10:30", 7, 70)));

        snapshots.append(List.of(snapshot("x", "1", "12:05", 2, 15), // a later hour: the usual case
                snapshot("test", "2", "10:50", 3, 25), // a second capture in its latest's hour
                snapshot("x", "3", "09:55", 1, 5), // late: before its latest
                snapshot("test", "4", "11:05", 5, 41), snapshot("test", "4", "12:10", 6, 44), // two of one post
                snapshot("x", "5", "13:00", 9, 90), // in a later hour, after it was gone
                snapshot("test", "6", "12:20", 6, 60), // its first
                snapshot("x", "7", "12:40", 8, 80))); // a bot's

        assertThat(rows(TOTALS)).isNotEmpty().isEqualTo(rows(LITERAL_TOTALS));
        assertThat(rows(PER_SOURCE)).isEqualTo(rows(LITERAL_PER_SOURCE));
    }

    /**
     * Two writers of the same posts at once, each writing every other hour's round: whichever commits first, the
     * other's snapshots are either the newest (the usual case) or late ones (the general way), and the papers' locks
     * make each see the other's committed rows.
     */
    @Test
    void twoWritersOfTheSamePostsAtOnceKeepTheSeriesExact() throws Exception {
        postgres.truncateAll();
        PostStore posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        for (int id = 1; id <= 12; id++) {
            posts.upsert(List.of(new LinkedPost(post(id % 3 == 0 ? "test" : "x", Integer.toString(id), false),
                    id % 4 == 0 ? Set.of(PAPERS.get(0), PAPERS.get(1)) : Set.of(PAPERS.get(id % 2)))));
        }
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int parity = 0; parity < 2; parity++) {
                int first = parity;
                done.add(writers.submit(() -> {
                    SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
                    for (int round = first; round < 16; round += 2) {
                        List<PostSnapshot> batch = new ArrayList<>();
                        for (int id = 1; id <= 12; id++) {
                            batch.add(new PostSnapshot(id % 3 == 0 ? "test" : "x", Integer.toString(id),
                                    START.plus(Duration.ofMinutes(60L * round + id)), round * id, 10L * round * id,
                                    round, 0, null, null));
                        }
                        snapshots.append(batch);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }

        assertThat(rows(TOTALS)).hasSize(32).isEqualTo(rows(LITERAL_TOTALS));
        assertThat(rows(PER_SOURCE)).isEqualTo(rows(LITERAL_PER_SOURCE));
    }

    private static List<Map<String, Object>> rows(String sql) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(sql).mapToMap().list());
    }

    private static Post post(String source, String id, boolean automated) {
        return new Post(source, id, "a" + id, "h", "n", "text", "en", START, automated, null);
    }

    private static LinkedPost linked(Post post) {
        return new LinkedPost(post, Set.of(PAPERS.get(0)));
    }

    private static PostSnapshot snapshot(String source, String id, String time, long reposts, long likes) {
        return new PostSnapshot(source, id, Instant.parse("2021-05-14T" + time + ":00Z"), reposts, likes, 0, 0,
                null, null);
    }

    /**
     * Posts of two sources linking one or two papers, whose histories are written in batches; some posts
     * gone (some back again), some flagged as bots' after their snapshots, some linked to a paper after them.
     */
    private static void generate(long seed) {
        Random random = new Random(seed);
        PostStore posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        List<PostSnapshot> everything = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        for (int id = 1; id <= 14; id++) {
            String source = random.nextBoolean() ? "x" : "test";
            String postId = Integer.toString(id);
            boolean bot = random.nextInt(6) == 0;
            Set<String> linked = id % 5 == 0 ? Set.of(PAPERS.get(0), PAPERS.get(1))
                    : Set.of(PAPERS.get(random.nextInt(PAPERS.size())));
            posts.upsert(List.of(new LinkedPost(new Post(source, postId, "a" + random.nextInt(4), "h", "n", "text",
                    "en", START, bot, null), linked)));
            Instant at = START.plusSeconds(random.nextInt(3 * 3600));
            long reposts = 0;
            long likes = 0;
            for (int round = 0; round < 2 + random.nextInt(9); round++) {
                reposts += random.nextInt(5);
                likes += random.nextInt(20);
                everything.add(new PostSnapshot(source, postId, at, reposts, likes, random.nextInt(3),
                        random.nextInt(3), null, null));
                // several captures within one hour now and then
                at = at.plus(Duration.ofMinutes(random.nextInt(4) == 0 ? 5 + random.nextInt(20)
                        : 30 + random.nextInt(150)));
            }
            int fate = random.nextInt(6);
            Instant goneAt = START.plusSeconds(random.nextInt(12 * 3600));
            if (fate == 0) {
                later.add(() -> posts.markGone(source, postId, goneAt));
            } else if (fate == 1) {
                later.add(() -> posts.markGone(source, postId, goneAt));
                later.add(() -> postgres.jdbi().useHandle(handle -> handle.execute(
                        "UPDATE posts SET gone_at = NULL WHERE source = ? AND post_id = ?", source, postId)));
            } else if (fate == 2) {
                later.add(() -> posts.upsert(List.of(new LinkedPost(new Post(source, postId, "a", "h", "n", "text",
                        "en", START, true, null), Set.of()))));
            } else if (fate == 3) {
                later.add(() -> posts.upsert(List.of(new LinkedPost(new Post(source, postId, "a", "h", "n", "text",
                        "en", START, bot, null), Set.of(PAPERS.get(2))))));
            }
        }
        // odd seeds write the snapshots in time order (as refresh rounds do), even seeds in random order; batches of
        // 1 to 6 snapshots, the other changes in between
        if (seed % 2 == 1) {
            everything.sort(java.util.Comparator.comparing(PostSnapshot::capturedAt));
        } else {
            Collections.shuffle(everything, random);
        }
        Collections.shuffle(later, random);
        int next = 0;
        while (next < everything.size()) {
            int size = 1 + random.nextInt(6);
            snapshots.append(everything.subList(next, Math.min(everything.size(), next + size)));
            next += size;
            if (!later.isEmpty() && random.nextInt(3) == 0) {
                later.remove(later.size() - 1).run();
            }
        }
        later.forEach(Runnable::run);
    }
}
