package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.run.RunOwner;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What five kills of a backfill left behind (a catch-up row "running" for ever, 500 posts reserved and never
 * settled) is cleaned up by the next command that starts, and {@code status} says so.
 */
@Tag("reliability")
class AbandonedRunsAtStartTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    @Test
    void theNextStartMarksADeadProcesssRunAbandonedAndGivesItsReservationBack() throws Exception {
        Process killed = new ProcessBuilder("true").start();
        killed.waitFor();
        String host = RunOwner.localHost();
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO ingest_runs (job, scope, started_at, status, host, pid)
                    VALUES ('catch-up', '2026-11-26T10:00:00Z', '2026-11-26T10:00:00Z', 'running', ?, ?)
                    """, host, killed.pid());
            // 57 posts really billed, plus 500 (2.50 at worst) reserved by the killed process for requests it
            // never made
            handle.execute("""
                    INSERT INTO social_usage (source, month, posts_read, requests, spend)
                    VALUES ('x', '2026-11-01', 57, 6, 0.285)
                    """);
            handle.execute("""
                    INSERT INTO social_reservations (source, month, posts, amount, host, pid)
                    VALUES ('x', '2026-11-01', 500, 2.50, ?, ?)
                    """, host, killed.pid());
        });
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("X_BEARER_TOKEN", "AAAA-test-token");
        CliRun cli = new CliRun(home, "2026-11-26T12:00:00Z");

        assertThat(cli.run(environment, "status")).as(cli.err.toString()).isZero();

        assertThat(cli.out.toString())
                .containsPattern("catch-up +abandoned 2026-11-26T10:00:00Z")
                .contains("x spend     today 0.00, this month 0.29, projected 0.34 of budget 5.00 (57 posts and 0 user "
                        + "objects billed, 57 of 10,000 posts cap)")
                .contains("ended while it ran");
        int running = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM ingest_runs WHERE status = 'running'").mapTo(Integer.class).one());
        assertThat(running).isZero();
    }
}
