package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database of the single discovery and snapshots jobs keeps X's job history under discovery:x and refresh:x. */
class PerSourceJobsUpgradeTest {
    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.atVersion("15");

    @Test
    void theOldJobsOutcomesBecomeXsJobs() {
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO job_health (job, scheduled_since, last_success_at, last_failure_at, last_error, last_node)
                VALUES ('discovery', '2026-11-20T00:00Z', '2026-11-26T09:00Z', NULL, NULL, 'node-a:1'),
                       ('snapshots', '2026-11-20T00:00Z', '2026-11-26T08:00Z', '2026-11-26T09:30Z',
                        'X answered 503', 'node-b:2'),
                       ('digest', '2026-11-20T00:00Z', '2026-11-26T09:00Z', NULL, NULL, 'node-a:1')
                """));

        assertThat(postgres.database().migrate().schemaVersion()).isEqualTo(Migrations.latestVersion());

        Map<DaemonJob, JobOutcome> outcomes = new JobOutcomeStore(postgres.jdbi()).all();
        assertThat(outcomes).containsOnlyKeys(DaemonJob.discovery("x"), DaemonJob.refresh("x"), DaemonJob.DIGEST);
        assertThat(outcomes.get(DaemonJob.discovery("x")).lastSuccessAt())
                .isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        JobOutcome refresh = outcomes.get(DaemonJob.refresh("x"));
        assertThat(refresh.lastRunFailed()).isTrue();
        assertThat(refresh.lastError()).isEqualTo("X answered 503");
        assertThat(refresh.lastNode()).isEqualTo("node-b:2");
        int oldRows = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM job_health WHERE job IN ('discovery', 'snapshots')").mapTo(Integer.class).one());
        assertThat(oldRows).isZero();
    }
}
