package io.hotpapers.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.UsageStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs and post reservations of processes that died are found at the next start, and only those. */
@Tag("reliability")
class AbandonedRunsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final YearMonth MONTH = YearMonth.of(2021, 5);
    private static final long CAP = 10_000;

    private final MutableClock clock = MutableClock.at("2021-05-12T00:00:00Z");
    private final RunOwner self = RunOwner.thisProcess();
    private IngestRunStore runs;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, qrtz_scheduler_state"));
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
    }

    /** The pid of a process that has ended (and been reaped), as a killed hotpapers process leaves it. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private IngestRunStore runsOf(RunOwner owner) {
        return new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper(), owner);
    }

    private RunStatus status(long runId) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT status FROM ingest_runs WHERE run_id = :id").bind("id", runId)
                .map((rows, context) -> RunStatus.fromWireName(rows.getString(1))).one());
    }

    @Test
    void aRunWhoseProcessDiedIsMarkedAbandonedAndALiveOneIsLeft() throws Exception {
        long dead = runsOf(new RunOwner(self.host(), deadPid(), null, null)).start("backfill", "2021-05-11 cs.LG");
        long live = runs.start("backfill", "2021-05-12 cs.LG");

        var abandoned = runs.abandonOrphans();

        assertThat(abandoned).extracting(IngestRun::runId).containsExactly(dead);
        assertThat(abandoned.get(0).status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(abandoned.get(0).error()).contains("ended while it ran");
        assertThat(abandoned.get(0).finishedAt()).isEqualTo(clock.instant());
        assertThat(status(live)).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.isDone("backfill", "2021-05-11 cs.LG")).as("redone by the next run").isFalse();
        assertThat(runs.abandonOrphans()).as("marked once").isEmpty();
    }

    @Test
    void aPidReusedByALaterProcessDoesNotKeepADeadRunAlive() {
        // this very pid, but recorded by a process that started a day before this one: a container restart
        Instant earlier = self.processStartedAt().minusSeconds(86_400);
        long reused = runsOf(new RunOwner(self.host(), self.pid(), earlier, null)).start("catch-up", "t");

        assertThat(runs.abandonOrphans()).extracting(IngestRun::runId).containsExactly(reused);
    }

    @Test
    void onOtherHostsADaemonRunIsJudgedByItsClusterCheckIns() {
        long now = clock.millis();
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)
                VALUES ('hotpapers', 'fresh', ?, 10000), ('hotpapers', 'stale', ?, 10000)
                """, now - 5_000, now - 60_000));
        long fresh = runsOf(new RunOwner("other-host", 7, null, "fresh")).start("discovery", "a");
        long stale = runsOf(new RunOwner("other-host", 7, null, "stale")).start("discovery", "b");
        long gone = runsOf(new RunOwner("other-host", 7, null, "removed-by-failover")).start("discovery", "c");
        long command = runsOf(new RunOwner("other-host", 7, null, null)).start("backfill", "d");

        assertThat(runs.abandonOrphans()).extracting(IngestRun::runId).containsExactly(stale, gone);
        assertThat(status(fresh)).isEqualTo(RunStatus.RUNNING);
        assertThat(status(command)).as("a command on another host cannot be judged from here")
                .isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void anInterruptedRunIsNeitherRunningNorDone() {
        long runId = runs.start("backfill", "2021-05-11 cs.LG");

        runs.interrupt(runId, Map.of("papers", 0L), "stopped (SIGINT)");

        IngestRun run = runs.latest("backfill", "2021-05-11 cs.LG").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(run.error()).isEqualTo("stopped (SIGINT)");
        assertThat(runs.isDone("backfill", "2021-05-11 cs.LG")).isFalse();
    }

    @Test
    void aDeadProcesssReservationIsGivenBackAndALiveOnesIsKept() throws Exception {
        UsageStore killed = new UsageStore(postgres.jdbi(), new RunOwner(self.host(), deadPid(), null, null));
        UsageStore alive = new UsageStore(postgres.jdbi());
        killed.hold("x", MONTH, 100, 10, CAP); // killed before its response came: never settled
        UsageStore.Held open = alive.hold("x", MONTH, 100, 10, CAP);
        assertThat(alive.postsRead("x", MONTH)).isEqualTo(200);

        assertThat(alive.releaseOrphans()).isEqualTo(100);

        assertThat(alive.postsRead("x", MONTH)).isEqualTo(100);
        alive.settle(open, "x", MONTH, 57);
        assertThat(alive.postsRead("x", MONTH)).as("settled as before").isEqualTo(57);
        assertThat(alive.releaseOrphans()).isZero();
        assertThat(alive.postsRead("x", MONTH)).isEqualTo(57);
    }

    @Test
    void aReservationReleasedWhileItsRequestStillRanCountsWhatWasRead() {
        UsageStore usage = new UsageStore(postgres.jdbi());
        UsageStore.Held held = usage.hold("x", MONTH, 100, 10, CAP);
        // say an operator's clean-up released it: settling must not give back posts that were not counted
        postgres.jdbi().useHandle(handle -> handle.execute(
                "UPDATE social_usage SET posts_read = 0; DELETE FROM social_reservations"));

        usage.settle(held, "x", MONTH, 57);

        assertThat(usage.postsRead("x", MONTH)).isEqualTo(57);
    }

    @Test
    void reservationsLeftOpenForHoursAreReleasedWhateverHostHeldThem() {
        UsageStore remote = new UsageStore(postgres.jdbi(), new RunOwner("other-host", 7, null, null));
        remote.hold("x", MONTH, 100, 10, CAP);
        remote.hold("x", MONTH, 100, 10, CAP);
        postgres.jdbi().useHandle(handle -> handle.execute("""
                UPDATE social_reservations SET reserved_at = now() - interval '7 hours'
                WHERE reservation_id = (SELECT min(reservation_id) FROM social_reservations)
                """));

        assertThat(remote.releaseOrphans()).isEqualTo(100);
        assertThat(remote.postsRead("x", MONTH)).isEqualTo(100);
    }
}
