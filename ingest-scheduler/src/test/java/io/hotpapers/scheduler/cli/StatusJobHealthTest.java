package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import io.hotpapers.scheduler.jobs.DaemonJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} shows each daemon job as /health judges it: ok, overdue or failed, with last success and error. */
class StatusJobHealthTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    @Test
    void statusShowsFailedAndOverdueJobsWithTheirLastSuccessAndError() {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("X_BEARER_TOKEN", "status-test-token"); // X enabled: its jobs are this node's
        environment.put("HOTPAPERS_SOURCES", "x");
        CliRun cli = new CliRun(home, "2026-11-26T12:00:00Z");
        assertThat(cli.run(environment, "status")).isZero();
        assertThat(cli.out.toString()).contains("job health  no daemon has run yet");

        JobOutcomeStore store = new JobOutcomeStore(postgres.jdbi());
        List<DaemonJob> jobs = DaemonJob.all(List.of("x"));
        store.scheduled(jobs, Instant.parse("2026-11-26T08:00:00Z"));
        store.succeeded(DaemonJob.discovery("x"), Instant.parse("2026-11-26T09:00:00Z"), "node-a:1");
        for (DaemonJob job : jobs) {
            if (!job.equals(DaemonJob.discovery("x"))) {
                store.succeeded(job, Instant.parse("2026-11-26T11:30:00Z"), "node-a:1");
            }
        }
        // a source this node does not enable: its outcome is not shown
        store.failed(DaemonJob.discovery("bluesky"), Instant.parse("2026-11-26T11:40:00Z"), "node-b:1", "502");
        store.failed(DaemonJob.DIGEST, Instant.parse("2026-11-26T11:45:00Z"), "node-a:1", "cannot write digest-x.md");
        cli.clear();

        assertThat(cli.run(environment, "status")).isZero();

        assertThat(cli.out.toString())
                .contains("job health  degraded: discovery:x (overdue), digest (failed)")
                .containsPattern("listing +ok +last success 2026-11-26T11:30:00Z\n")
                .containsPattern("refresh:x +ok +last success 2026-11-26T11:30:00Z\n")
                .containsPattern("discovery:x +overdue +last success 2026-11-26T09:00:00Z, overdue since 2026-11-26T11:00:00Z")
                .containsPattern("digest +failed +last success 2026-11-26T11:30:00Z; last error 2026-11-26T11:45:00Z: "
                        + "cannot write digest-x.md")
                .doesNotContain("bluesky");
    }
}
