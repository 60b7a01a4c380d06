package io.hotpapers.core.trends;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-pass series views answer exactly what their definition says, computed here the slow, literal way: at
 * each hour in which a post of the paper (of the source) was captured, the sum over the posts that still count of
 * each one's latest snapshot before the hour ends. Random histories with gone posts, two sources, shared posts.
 */
class EngagementSeriesEquivalenceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String LITERAL_TOTALS = """
            WITH rounds AS (
                SELECT DISTINCT pp.arxiv_id, date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
                FROM post_snapshots s JOIN post_papers pp USING (post_key))
            SELECT r.arxiv_id, r.hour, sum(x.reposts) AS retweets, sum(x.likes) AS likes, sum(x.replies) AS replies,
                   sum(x.quotes) AS quotes, sum(x.reposts::numeric + x.likes) AS score, count(*) AS tweets
            FROM rounds r
            JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
            JOIN posts p ON p.post_key = pp.post_key
            JOIN LATERAL (SELECT s.reposts, s.likes, s.replies, s.quotes FROM post_snapshots s
                          WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
                          ORDER BY s.captured_at DESC LIMIT 1) x ON true
            WHERE p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour'
            GROUP BY r.arxiv_id, r.hour
            """;

    private static final String LITERAL_PER_SOURCE = """
            WITH rounds AS (
                SELECT DISTINCT pp.arxiv_id, p.source,
                       date_trunc('hour', s.captured_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour
                FROM post_snapshots s JOIN post_papers pp USING (post_key) JOIN posts p USING (post_key))
            SELECT r.arxiv_id, r.source, r.hour, sum(x.reposts) AS reposts, sum(x.likes) AS likes,
                   sum(x.replies) AS replies, sum(x.quotes) AS quotes, sum(x.reposts::numeric + x.likes) AS score,
                   count(*) AS posts
            FROM rounds r
            JOIN post_papers pp ON pp.arxiv_id = r.arxiv_id
            JOIN posts p ON p.post_key = pp.post_key AND p.source = r.source
            JOIN LATERAL (SELECT s.reposts, s.likes, s.replies, s.quotes FROM post_snapshots s
                          WHERE s.post_key = pp.post_key AND s.captured_at < r.hour + interval '1 hour'
                          ORDER BY s.captured_at DESC LIMIT 1) x ON true
            WHERE p.gone_at IS NULL OR p.gone_at >= r.hour + interval '1 hour'
            GROUP BY r.arxiv_id, r.source, r.hour
            """;

    @Test
    void theSeriesViewsEqualTheirLiteralDefinitionOnRandomHistories() {
        for (long seed = 1; seed <= 4; seed++) {
            postgres.truncateAll();
            generate(new Random(seed));
            assertThat(rows("SELECT arxiv_id, hour, retweets, likes, replies, quotes, score, tweets "
                    + "FROM paper_engagement_series ORDER BY 1, 2"))
                    .as("totals, seed " + seed)
                    .isNotEmpty()
                    .isEqualTo(rows(LITERAL_TOTALS + " ORDER BY 1, 2"));
            assertThat(rows("SELECT arxiv_id, source, hour, reposts, likes, replies, quotes, score, posts "
                    + "FROM paper_source_engagement_series ORDER BY 1, 2, 3"))
                    .as("per source, seed " + seed)
                    .isEqualTo(rows(LITERAL_PER_SOURCE + " ORDER BY 1, 2, 3"));
        }
    }

    private static List<Map<String, Object>> rows(String sql) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(sql).mapToMap().list());
    }

    private static void generate(Random random) {
        Instant start = Instant.parse("2021-05-14T10:00:00Z");
        PostStore posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        List<String> papers = List.of("2105.00001", "2105.00002", "2105.00003");
        for (int id = 1; id <= 12; id++) {
            String source = random.nextBoolean() ? "x" : "test";
            Set<String> linked = id % 5 == 0 ? Set.of(papers.get(0), papers.get(1))
                    : Set.of(papers.get(random.nextInt(papers.size())));
            posts.upsert(List.of(new LinkedPost(new Post(source, Integer.toString(id), "a" + random.nextInt(4), "h",
                    "n", "text", "en", start), linked)));
            List<PostSnapshot> history = new ArrayList<>();
            Instant at = start.plusSeconds(random.nextInt(3 * 3600));
            long reposts = 0;
            long likes = 0;
            for (int round = 0; round < 2 + random.nextInt(8); round++) {
                reposts += random.nextInt(5);
                likes += random.nextInt(20);
                history.add(new PostSnapshot(source, Integer.toString(id), at, reposts, likes, random.nextInt(3),
                        random.nextInt(3), null, null));
                at = at.plus(Duration.ofMinutes(10 + random.nextInt(150)));
            }
            snapshots.append(history);
            if (random.nextInt(3) == 0) {
                posts.markGone(source, Integer.toString(id), start.plusSeconds(random.nextInt(12 * 3600)));
            }
        }
    }
}
