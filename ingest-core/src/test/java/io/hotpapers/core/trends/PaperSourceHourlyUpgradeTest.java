package io.hotpapers.core.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.db.MigrationReport;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database of the release before the hourly rollup (schema 23) with snapshots already stored upgrades with its
 * rollup filled from them: the series views give what the snapshots define (gone posts, a bot's posts, two
 * sources, a post linking two papers, several captures in one hour), and keep doing so as new writes arrive.
 */
class PaperSourceHourlyUpgradeTest {
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.atVersion("23");

    @Test
    void theUpgradeFillsTheRollupFromTheStoredSnapshots() {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, text, created_at, first_seen_at, automated,
                                       gone_at)
                    VALUES (1, 'x', '1', 'a', 'one', '2021-05-14T08:00Z', '2021-05-14T08:00Z', false, NULL),
                           (2, 'x', '2', 'b', 'two', '2021-05-14T08:00Z', '2021-05-14T08:00Z', false,
                            '2021-05-14T12:20Z'),
                           (3, 'test', '3', 'c', 'bot', '2021-05-14T08:00Z', '2021-05-14T08:00Z', true, NULL),
                           (4, 'test', '4', 'd', 'four', '2021-05-14T08:00Z', '2021-05-14T08:00Z', false, NULL),
                           (5, 'x', '5', 'e', 'gone early', '2021-05-14T08:00Z', '2021-05-14T08:00Z', false,
                            '2021-05-14T09:00Z')
                    """);
            handle.execute("""
                    INSERT INTO post_papers (post_key, arxiv_id)
                    VALUES (1, '2105.00001'), (2, '2105.00001'), (3, '2105.00001'), (4, '2105.00001'),
                           (4, '2105.00002'), (5, '2105.00002')
                    """);
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-14T09:00Z')");
            handle.execute("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                    VALUES (1, '2021-05-14T10:05Z', 1, 10, 0, 0), (1, '2021-05-14T10:45Z', 2, 12, 1, 0),
                           (1, '2021-05-14T13:05Z', 5, 40, 2, 1),
                           (2, '2021-05-14T10:06Z', 3, 30, 0, 0), (2, '2021-05-14T11:06Z', 4, 35, 0, 1),
                           (2, '2021-05-14T13:06Z', 9, 90, 0, 1),
                           (3, '2021-05-14T10:07Z', 100, 1000, 0, 0), (3, '2021-05-14T14:07Z', 200, 2000, 0, 0),
                           (4, '2021-05-14T11:30Z', 1, 1, 1, 1), (4, '2021-05-14T12:30Z', 2, 3, 1, 1),
                           (5, '2021-05-14T08:10Z', 7, 7, 0, 0), (5, '2021-05-14T10:10Z', 8, 8, 0, 0)
                    """);
            // post_latest as that release's snapshot trigger kept it (its R__ functions are not applied here): each
            // post's newest snapshot and the one before; the hourly rollup's writes take a post's base from it
            handle.execute("""
                    INSERT INTO post_latest (post_key, captured_at, reposts, likes, replies, quotes,
                                             previous_captured_at, previous_score)
                    SELECT post_key, captured_at, reposts, likes, replies, quotes, previous_captured_at, previous_score
                    FROM (SELECT s.*, lead(captured_at) OVER w AS previous_captured_at,
                                 lead(reposts::numeric + likes) OVER w AS previous_score, row_number() OVER w AS position
                          FROM post_snapshots s WINDOW w AS (PARTITION BY post_key ORDER BY captured_at DESC)) s
                    WHERE position = 1
                    """);
        });

        MigrationReport report = postgres.database().migrate();

        assertThat(report.schemaVersion()).isEqualTo(Migrations.latestVersion());
        assertThat(rows(PaperSourceHourlyTest.TOTALS)).hasSize(7)
                .isEqualTo(rows(PaperSourceHourlyTest.LITERAL_TOTALS));
        assertThat(rows(PaperSourceHourlyTest.PER_SOURCE))
                .isEqualTo(rows(PaperSourceHourlyTest.LITERAL_PER_SOURCE));

        // and the triggers carry on from there: a late snapshot, a new hour, a post gone
        new SnapshotStore(postgres.jdbi()).append(List.of(
                new PostSnapshot("x", "1", Instant.parse("2021-05-14T11:50:00Z"), 3, 20, 1, 0, null, null),
                new PostSnapshot("test", "4", Instant.parse("2021-05-14T15:00:00Z"), 6, 6, 1, 1, null, null)));
        new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T16:00:00Z"))
                .markGone("test", "4", Instant.parse("2021-05-14T14:00:00Z"));

        assertThat(rows(PaperSourceHourlyTest.TOTALS)).isEqualTo(rows(PaperSourceHourlyTest.LITERAL_TOTALS));
        assertThat(rows(PaperSourceHourlyTest.PER_SOURCE))
                .isEqualTo(rows(PaperSourceHourlyTest.LITERAL_PER_SOURCE));
    }

    private static List<Map<String, Object>> rows(String sql) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(sql).mapToMap().list());
    }
}
