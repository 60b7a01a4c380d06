package io.hotpapers.core.db;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database of a release before 64-bit counts (schema 8, integer counts, no repeatable migrations) upgrades to
 * the latest schema with its rows, rollups and views intact, and then stores and sums counts past 2^31.
 */
class CountsUpgradeTest {
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.atVersion("8");

    private static final long INT_MAX = Integer.MAX_VALUE;

    @Test
    void aVersion8DatabaseKeepsItsRowsAndThenStoresCountsPast32Bits() {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    VALUES ('2021-05-12', 'cs.LG', '2105.04026', 'new')
                    """);
            handle.execute("""
                    INSERT INTO tweets (tweet_id, author_id, text, created_at, first_seen_at)
                    VALUES (1, 10, 'one', '2021-05-12T08:00Z', '2021-05-12T08:00Z'),
                           (2, 20, 'two', '2021-05-12T08:00Z', '2021-05-12T08:00Z')
                    """);
            handle.execute("INSERT INTO tweet_papers (tweet_id, arxiv_id) VALUES (1, '2105.04026'), (2, '2105.04026')");
            handle.execute("SELECT ensure_tweet_snapshot_partition('2021-05-12T09:00Z')");
            handle.execute("""
                    INSERT INTO tweet_snapshots (tweet_id, captured_at, retweet_count, like_count, reply_count,
                                                 quote_count, bookmark_count, impression_count)
                    VALUES (1, '2021-05-12T09:00Z', 2147483647, 5, 1, 1, 7, 123456789012),
                           (2, '2021-05-12T09:00Z', 2147483647, 6, 2, 2, NULL, NULL)
                    """);
        });

        MigrationReport report = postgres.database().migrate();

        assertThat(report.schemaVersion()).isEqualTo(Migrations.latestVersion());
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        assertThat(snapshots.history("x", XPosts.id(1))).containsExactly(XPosts.snapshot(1, Instant.parse("2021-05-12T09:00:00Z"),
                INT_MAX, 5, 1, 1, 7L, 123456789012L));
        assertThat(paperTotals()).containsEntry("retweets", new BigDecimal(2 * INT_MAX))
                .containsEntry("score", new BigDecimal(2 * INT_MAX + 11));
        assertThat(categoryEngagement()).isEqualByComparingTo(new BigDecimal(2 * INT_MAX + 11));

        long past32Bits = (1L << 32) + 100;
        snapshots.append(List.of(XPosts.snapshot(2, Instant.parse("2021-05-12T10:00:00Z"), past32Bits, 6, 2, 2,
                null, null)));

        assertThat(snapshots.history("x", XPosts.id(2))).last().extracting(PostSnapshot::reposts).isEqualTo(4294967396L);
        assertThat(paperTotals()).containsEntry("retweets", new BigDecimal(INT_MAX + past32Bits));
        assertThat(categoryEngagement()).isEqualByComparingTo(new BigDecimal(INT_MAX + past32Bits + 11));
        assertThat(postgres.database().migrate().applied()).isZero();
    }

    private static Map<String, Object> paperTotals() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT retweets, score FROM paper_engagement_latest WHERE arxiv_id = '2105.04026'
                        """)
                .mapToMap()
                .one());
    }

    private static BigDecimal categoryEngagement() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT engagement FROM category_engagement_daily
                        WHERE category = 'cs.LG' AND mailing_date = '2021-05-12'
                        """)
                .mapTo(BigDecimal.class)
                .one());
    }
}
