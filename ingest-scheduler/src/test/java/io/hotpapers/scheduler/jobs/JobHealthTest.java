package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.text.ErrorText;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.health.DaemonHealth;
import io.hotpapers.scheduler.health.DatabaseWatchdog;
import io.hotpapers.scheduler.health.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failed and overdue jobs, judged from job_health as every node's /health and `status` see them. */
class JobHealthTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final DaemonSettings SETTINGS = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3),
            LocalTime.of(9, 0), Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofSeconds(5),
            Duration.ofSeconds(1), null);
    private static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAsecretbearertoken";

    private final JobHealth judge = new JobHealth(SETTINGS);
    private final MutableClock clock = MutableClock.at("2021-05-12T10:00:00Z");
    private JobOutcomeStore store;
    private JobMetrics metrics;
    private DaemonHealth health;

    @BeforeEach
    void fresh() {
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE job_health"));
        store = new JobOutcomeStore(postgres.jdbi());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new JobMetrics(registry, clock, store, new ErrorText(List.of(TOKEN)), "node-a:1");
        DatabaseWatchdog watchdog = new DatabaseWatchdog(postgres.database(), Duration.ofMinutes(10), clock,
                duration -> { }, registry, text -> text, () -> { });
        health = new DaemonHealth(watchdog, () -> true, store, metrics, judge, clock);
        store.scheduled(clock.instant());
    }

    private JobHealth.JobState state(HealthReport report, Task task) {
        return report.jobs().stream().filter(job -> job.task() == task).findFirst().orElseThrow();
    }

    private void everyJobSucceedsNow() {
        for (Task task : Task.values()) {
            metrics.recordSuccess(task);
        }
    }

    @Test
    void upWhileEveryJobSucceedsOnTime() {
        clock.advance(Duration.ofMinutes(1));
        everyJobSucceedsNow();
        clock.advance(Duration.ofMinutes(29)); // snapshots run every 15 minutes

        HealthReport report = health.get();

        assertThat(report.status()).isEqualTo("up");
        assertThat(state(report, Task.DISCOVERY).lastSuccess()).isEqualTo(Instant.parse("2021-05-12T10:01:00Z"));
        assertThat(report.jobs()).extracting(JobHealth.JobState::task).containsExactly(Task.values());
    }

    @Test
    void aJobWhoseLastRunFailedMakesHealthDegradedWithItsSanitizedError() {
        metrics.recordSuccess(Task.DIGEST);
        clock.advance(Duration.ofHours(1));
        everyJobSucceedsNow();
        clock.advance(Duration.ofMinutes(1));
        metrics.recordFailure(Task.DIGEST, new IllegalStateException(
                "cannot write digest\nsee https://user:hunter2@example.org/?token=abc&x=1 with Bearer " + TOKEN));

        HealthReport report = health.get();

        assertThat(report.status()).isEqualTo("degraded");
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(report.degradedJobs()).extracting(JobHealth.JobState::task).containsExactly(Task.DIGEST);
        JobHealth.JobState digest = state(report, Task.DIGEST);
        assertThat(digest.state()).isEqualTo(JobHealth.State.FAILED);
        assertThat(digest.lastSuccess()).isEqualTo(Instant.parse("2021-05-12T11:00:00Z"));
        assertThat(digest.lastFailure()).isEqualTo(Instant.parse("2021-05-12T11:01:00Z"));
        assertThat(digest.lastError()).isEqualTo("cannot write digest see https://****@example.org/?token=****&x=1 "
                + "with Bearer ****").doesNotContain("hunter2", TOKEN, "\n");

        clock.advance(Duration.ofMinutes(5));
        metrics.recordSuccess(Task.DIGEST);
        assertThat(health.get().status()).as("the next success heals it").isEqualTo("up");
    }

    @Test
    void aJobThatMissedTwiceItsPeriodIsOverdue() {
        everyJobSucceedsNow();

        clock.advance(Duration.ofMinutes(119));
        metrics.recordSuccess(Task.SNAPSHOTS);
        assertThat(health.get().status()).as("discovery within two hours").isEqualTo("up");
        clock.advance(Duration.ofMinutes(2));
        HealthReport late = health.get();

        assertThat(late.status()).isEqualTo("degraded");
        assertThat(late.degradedJobs()).extracting(JobHealth.JobState::task).containsExactly(Task.DISCOVERY);
        assertThat(state(late, Task.DISCOVERY).state()).isEqualTo(JobHealth.State.OVERDUE);
        assertThat(state(late, Task.DISCOVERY).overdueAt()).isEqualTo(Instant.parse("2021-05-12T12:00:00Z"));
    }

    @Test
    void theListingIsNotOverdueOverAWeekendButIsAfterTwoMissedEvenings() {
        // Thursday 2021-05-13 20:10 US Eastern: the last listing of the week succeeded
        Instant thursdayEvening = Instant.parse("2021-05-14T00:10:00Z");
        JobOutcome listing = new JobOutcome(Task.LISTING, Instant.parse("2021-05-10T00:00:00Z"), thursdayEvening,
                null, null, "node-a:1");

        assertThat(judge.assess(listing, Instant.parse("2021-05-17T03:00:00Z")).state())
                .as("Sunday 23:00 Eastern, one evening missed at most").isEqualTo(JobHealth.State.OK);
        // Sunday's and Monday's 20:05 runs missed, plus Monday's run's patience of 3 hours
        assertThat(judge.overdueAt(Task.LISTING, thursdayEvening)).isEqualTo(Instant.parse("2021-05-18T03:05:00Z"));
        assertThat(judge.assess(listing, Instant.parse("2021-05-18T04:00:00Z")).state())
                .isEqualTo(JobHealth.State.OVERDUE);
    }

    @Test
    void aRestartedDaemonCountsFromItsStartAndCatchUpIsNeverOverdue() {
        Instant longAgo = Instant.parse("2021-05-01T00:00:00Z");
        Instant restarted = Instant.parse("2021-05-12T09:30:00Z");
        JobOutcome discovery = new JobOutcome(Task.DISCOVERY, restarted, longAgo, null, null, null);
        JobOutcome catchUp = new JobOutcome(Task.CATCH_UP, longAgo, longAgo, null, null, null);

        assertThat(judge.assess(discovery, clock.instant()).state()).isEqualTo(JobHealth.State.OK);
        assertThat(judge.assess(discovery, Instant.parse("2021-05-12T11:31:00Z")).state())
                .isEqualTo(JobHealth.State.OVERDUE);
        assertThat(judge.assess(catchUp, Instant.parse("2022-01-01T00:00:00Z")).state()).isEqualTo(JobHealth.State.OK);
    }

    @Test
    void theStoredOutcomesAreWhatAnotherNodeSees() {
        metrics.recordFailure(Task.SNAPSHOTS, new IllegalStateException("X answered 503"));

        JobHealth.JobState seenElsewhere = judge.assess(store.all(), clock.instant()).stream()
                .filter(job -> job.task() == Task.SNAPSHOTS).findFirst().orElseThrow();

        assertThat(seenElsewhere.state()).isEqualTo(JobHealth.State.FAILED);
        assertThat(seenElsewhere.lastError()).isEqualTo("X answered 503");
        String node = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT last_node FROM job_health WHERE job = 'snapshots'").mapTo(String.class).one());
        assertThat(node).isEqualTo("node-a:1");
    }
}
