package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.XPosts;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A populated database of schema 14 (X only: tweets, integer-typed ids, the rollups and views of that release)
 * migrates to source-neutral posts with every total unchanged: posts, links, each month's snapshots, the three
 * rollups, the views, cursors, usage and reservations. Afterwards the rollups recomputed from scratch agree with the
 * migrated ones, and new posts get keys of their own.
 */
class SourceNeutralUpgradeTest {
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.atVersion("14");

    private static final Instant NOW = Instant.parse("2021-06-02T12:00:00Z");

    /** Each total as read at schema 14, with the query that reads the same total after the upgrade. */
    private static final Map<String, String[]> TOTALS = new LinkedHashMap<>();

    static {
        total("posts", "SELECT count(*), count(gone_at), sum(tweet_id) FROM tweets",
                "SELECT count(*), count(gone_at), sum(post_id::bigint) FROM posts WHERE source = 'x'");
        total("authors", "SELECT string_agg(author_id::text || '/' || coalesce(username, '-') || '/'"
                        + " || coalesce(display_name, '-'), ',' ORDER BY tweet_id) FROM tweets",
                "SELECT string_agg(author_id || '/' || coalesce(author_handle, '-') || '/'"
                        + " || coalesce(author_name, '-'), ',' ORDER BY post_id::bigint) FROM posts");
        total("links", "SELECT count(*), sum(tweet_id), string_agg(DISTINCT arxiv_id, ',') FROM tweet_papers",
                "SELECT count(*), sum(p.post_id::bigint), string_agg(DISTINCT arxiv_id, ',')"
                        + " FROM post_papers JOIN posts p USING (post_key)");
        total("snapshots", """
                        SELECT to_char(captured_at AT TIME ZONE 'UTC', 'YYYY_MM'), count(*), sum(retweet_count),
                               sum(like_count), sum(reply_count), sum(quote_count), sum(bookmark_count),
                               sum(impression_count), count(DISTINCT tableoid)
                        FROM tweet_snapshots GROUP BY 1 ORDER BY 1""",
                """
                        SELECT to_char(captured_at AT TIME ZONE 'UTC', 'YYYY_MM'), count(*), sum(reposts), sum(likes),
                               sum(replies), sum(quotes), sum(bookmarks), sum(impressions), count(DISTINCT tableoid)
                        FROM post_snapshots GROUP BY 1 ORDER BY 1""");
        total("latest", "SELECT count(*), sum(tweet_id), sum(retweet_count), sum(like_count), sum(reply_count),"
                        + " sum(quote_count), max(captured_at) FROM tweet_latest",
                "SELECT count(*), sum(p.post_id::bigint), sum(reposts), sum(likes), sum(replies), sum(quotes),"
                        + " max(captured_at) FROM post_latest JOIN posts p USING (post_key)");
        total("paper rollup", "SELECT arxiv_id, retweets, likes, replies, quotes, tweets, unique_authors,"
                        + " last_snapshot_at FROM paper_latest ORDER BY arxiv_id",
                "SELECT arxiv_id, reposts, likes, replies, quotes, posts, unique_authors, last_snapshot_at"
                        + " FROM paper_latest ORDER BY arxiv_id");
        total("per-source rollup", "SELECT 'x', arxiv_id, retweets, likes, replies, quotes, tweets, unique_authors,"
                        + " last_snapshot_at FROM paper_latest ORDER BY arxiv_id",
                "SELECT source, arxiv_id, reposts, likes, replies, quotes, posts, unique_authors, last_snapshot_at"
                        + " FROM paper_source_latest ORDER BY arxiv_id");
        total("category rollup", "SELECT mailing_date, category, papers, tweeted_papers, retweets, likes"
                        + " FROM category_day_latest ORDER BY 1, 2",
                "SELECT mailing_date, category, papers, posted_papers, reposts, likes"
                        + " FROM category_day_latest ORDER BY 1, 2");
        String latestView = "SELECT * FROM paper_engagement_latest ORDER BY arxiv_id";
        total("paper view", latestView, latestView);
        String seriesView = "SELECT * FROM paper_engagement_series ORDER BY arxiv_id, hour";
        total("series view", seriesView, seriesView);
        String categoryView = "SELECT * FROM category_engagement_daily ORDER BY mailing_date, category";
        total("category view", categoryView, categoryView);
        total("cursors", "SELECT source, arxiv_id, newest_post_id::text, searched_at FROM discovery_cursors"
                        + " ORDER BY 1, 2",
                "SELECT source, scope, cursor, searched_at FROM discovery_cursors ORDER BY 1, 2");
        // since V17 open reservations are kept beside posts_read, no longer inside it: the month's total is the sum
        total("usage", "SELECT source, month, posts_read, requests FROM social_usage ORDER BY 1, 2", """
                SELECT u.source, u.month, (u.posts_read + coalesce(r.posts, 0))::bigint, u.requests FROM social_usage u
                LEFT JOIN (SELECT source, month, sum(posts) AS posts FROM social_reservations GROUP BY 1, 2) r
                       USING (source, month)
                ORDER BY 1, 2""");
        String reservations = "SELECT source, month, posts, host, pid FROM social_reservations ORDER BY reservation_id";
        total("reservations", reservations, reservations);
    }

    private static void total(String name, String before, String after) {
        TOTALS.put(name, new String[] {before, after});
    }

    @Test
    void aPopulatedVersion14DatabaseMigratesToPostsWithEveryTotalUnchanged() throws Exception {
        // the functions, triggers and views a schema-14 database got from the repeatable migrations of that release
        runScript("/upgrade/v14/R__rollup_functions.sql");
        runScript("/upgrade/v14/R__engagement_views.sql");
        populateVersion14();
        Map<String, List<Map<String, Object>>> before = read(0);
        assertThat(before.get("snapshots")).as("snapshots in two month partitions").hasSize(2);
        assertThat(before.get("category view")).as("the sample has engagement to compare").isNotEmpty();

        MigrationReport report = postgres.database().migrate();

        assertThat(report.schemaVersion()).isEqualTo(Migrations.latestVersion());
        Map<String, List<Map<String, Object>>> after = read(1);
        TOTALS.keySet().forEach(name -> assertThat(after.get(name)).as(name).isEqualTo(before.get(name)));
        assertThat(partitions()).containsExactly("post_snapshots_2021_05", "post_snapshots_2021_06");

        // the migrated rollups are what the new trigger functions compute from scratch
        postgres.jdbi().useHandle(handle -> handle.execute(
                "SELECT refresh_paper_latest(ARRAY(SELECT DISTINCT arxiv_id FROM post_papers))"));
        Map<String, List<Map<String, Object>>> recomputed = read(1);
        TOTALS.keySet().forEach(name -> assertThat(recomputed.get(name)).as(name).isEqualTo(before.get(name)));

        // the stores work on the migrated rows; new posts take keys above every migrated one
        PostStore posts = new PostStore(postgres.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        assertThat(posts.find("x", "1392023521585475589")).get()
                .satisfies(stored -> assertThat(stored.post().authorHandle()).isEqualTo("StatMLPapers"));
        assertThat(snapshots.history("x", "1392023521585475589")).extracting(PostSnapshot::reposts)
                .containsExactly(1000L, 5000L);
        posts.upsert(List.of(new PostStore.LinkedPost(new Post("x", "1392047329712558090", "99", "new", "New",
                "new https://arxiv.org/abs/2105.04026", "en", NOW), Set.of("2105.04026"))));
        snapshots.append(List.of(XPosts.snapshot(1392047329712558090L, NOW, 1, 2, 0, 0, null, null)));
        long newKey = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT post_key FROM posts WHERE post_id = '1392047329712558090'").mapTo(Long.class).one());
        assertThat(newKey).isGreaterThan(1392047329712558082L);
        assertThat(snapshots.partitionOf("x", "1392047329712558090", NOW)).contains("post_snapshots_2021_06");
        CursorStore cursors = new CursorStore(postgres.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
        cursors.advance("x", Map.of("2105.04026", "1392047329712558000"), Comparator.comparing(Long::valueOf));
        assertThat(cursors.cursors("x", List.of("2105.04026")))
                .as("an older cursor does not move the migrated one back")
                .containsEntry("2105.04026", "1392047329712558082");
    }

    private static void populateVersion14() {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new'), ('2021-05-11', 'stat.ML', '2105.04026', 'cross'),
                           ('2021-05-11', 'cs.LG', '2105.03824', 'new'), ('2021-05-31', 'cs.CL', '2105.14000', 'new'),
                           ('2021-05-31', 'cs.CL', '2105.14001', 'new')
                    """);
            handle.execute("""
                    INSERT INTO tweets (tweet_id, author_id, username, display_name, text, lang, created_at,
                                        first_seen_at)
                    VALUES (1392023521585475589, 10, 'StatMLPapers', 'Stat.ML Papers', 'a', 'en',
                            '2021-05-11T06:10:02Z', '2021-05-11T07:00:00Z'),
                           (1392047329712558082, 20, NULL, NULL, 'b', NULL, '2021-05-11T07:44:38Z',
                            '2021-05-11T08:00:00Z'),
                           (1392047329712558083, 20, 'ada', 'Ada', 'c', 'en', '2021-05-11T07:44:38Z',
                            '2021-05-11T08:00:00Z'),
                           (1399000000000000001, 30, 'gone', 'Gone', 'd', 'en', '2021-05-31T07:00:00Z',
                            '2021-05-31T08:00:00Z')
                    """);
            handle.execute("""
                    INSERT INTO tweet_papers (tweet_id, arxiv_id)
                    VALUES (1392023521585475589, '2105.04026'), (1392047329712558082, '2105.04026'),
                           (1392047329712558082, '2105.03824'), (1392047329712558083, '2105.03824'),
                           (1399000000000000001, '2105.14000')
                    """);
            handle.execute("SELECT ensure_tweet_snapshot_partition('2021-05-12T09:00:00Z')");
            handle.execute("SELECT ensure_tweet_snapshot_partition('2021-06-01T09:00:00Z')");
            handle.execute("""
                    INSERT INTO tweet_snapshots (tweet_id, captured_at, retweet_count, like_count, reply_count,
                                                 quote_count, bookmark_count, impression_count)
                    VALUES (1392023521585475589, '2021-05-11T08:00:00Z', 1000, 400, 1, 1, 5, 100000),
                           (1392047329712558082, '2021-05-11T08:00:00Z', 10, 39, 1, 1, NULL, NULL),
                           (1392047329712558083, '2021-05-12T08:00:00Z', 3, 70, 0, 2, 1, NULL),
                           (1399000000000000001, '2021-05-31T09:00:00Z', 7, 8, 0, 0, NULL, NULL),
                           (1392023521585475589, '2021-06-01T08:00:00Z', 5000, 3000000000, 2, 2, 9, 2000000)
                    """);
            handle.execute("UPDATE tweets SET gone_at = '2021-06-01T10:00:00Z' WHERE tweet_id = 1399000000000000001");
            handle.execute("""
                    INSERT INTO discovery_cursors (source, arxiv_id, newest_post_id, searched_at)
                    VALUES ('x', '2105.04026', 1392047329712558082, '2021-05-12T00:00:00Z'),
                           ('x', '2105.03824', 1392047329712558083, '2021-05-12T00:00:00Z')
                    """);
            // June: 5 posts read and 100 reserved by a request in flight, counted in posts_read as before V17
            handle.execute("""
                    INSERT INTO social_usage (source, month, posts_read, requests)
                    VALUES ('x', '2021-05-01', 812, 31), ('x', '2021-06-01', 105, 1)
                    """);
            handle.execute("""
                    INSERT INTO social_reservations (source, month, posts, host, pid) VALUES ('x', '2021-06-01', 100, 'h', 42)
                    """);
        });
    }

    private static Map<String, List<Map<String, Object>>> read(int side) {
        Map<String, List<Map<String, Object>>> totals = new LinkedHashMap<>();
        postgres.jdbi().useHandle(handle -> TOTALS.forEach((name, queries) -> {
            // rows as lists of values: the column names may differ between the two schemas, the values may not
            List<Map<String, Object>> rows = handle.createQuery(queries[side])
                    .map((result, context) -> {
                        Map<String, Object> values = new LinkedHashMap<>();
                        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                            Object value = result.getObject(i);
                            values.put(Integer.toString(i), value instanceof BigDecimal number
                                    ? number.stripTrailingZeros().toPlainString() : value);
                        }
                        return values;
                    })
                    .list();
            totals.put(name, rows);
        }));
        return totals;
    }

    private static List<String> partitions() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'post_snapshots'::regclass ORDER BY 1
                        """)
                .mapTo(String.class)
                .list());
    }

    /** A whole SQL file, dollar-quoted bodies included, in one plain JDBC statement. */
    private static void runScript(String resource) throws IOException, SQLException {
        String script;
        try (InputStream in = SourceNeutralUpgradeTest.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = postgres.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(script);
        }
    }
}
