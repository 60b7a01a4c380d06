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

    /** Two sources, so that each one's jobs are seen to be judged on their own. */
    private static final List<DaemonJob> JOBS = DaemonJob.all(List.of("x", "bluesky"));
    private static final DaemonJob DISCOVERY_X = DaemonJob.discovery("x");
    private static final DaemonJob REFRESH_X = DaemonJob.refresh("x");

    private final JobHealth judge = new JobHealth(SETTINGS, JOBS);
    private final MutableClock clock = MutableClock.at("2021-05-12T10:00:00Z");
    private JobOutcomeStore store;
    private JobMetrics metrics;
    private DaemonHealth health;

    @BeforeEach
    void fresh() {
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE job_health"));
        store = new JobOutcomeStore(postgres.jdbi());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new JobMetrics(registry, clock, JOBS, store, new ErrorText(List.of(TOKEN)), "node-a:1");
        DatabaseWatchdog watchdog = new DatabaseWatchdog(postgres.database(), Duration.ofMinutes(10), clock,
                duration -> { }, registry, text -> text, () -> { });
        health = new DaemonHealth(watchdog, () -> true, store, metrics, judge, clock);
        store.scheduled(JOBS, clock.instant());
    }

    private JobHealth.JobState state(HealthReport report, DaemonJob job) {
        return report.jobs().stream().filter(state -> state.job().equals(job)).findFirst().orElseThrow();
    }

    private void everyJobSucceedsNow() {
        JOBS.forEach(metrics::recordSuccess);
    }

    @Test
    void upWhileEveryJobSucceedsOnTime() {
        clock.advance(Duration.ofMinutes(1));
        everyJobSucceedsNow();
        clock.advance(Duration.ofMinutes(29)); // refresh runs every 15 minutes

        HealthReport report = health.get();

        assertThat(report.status()).isEqualTo("up");
        assertThat(state(report, DISCOVERY_X).lastSuccess()).isEqualTo(Instant.parse("2021-05-12T10:01:00Z"));
        assertThat(report.jobs()).extracting(state -> state.job().name()).containsExactly("listing", "discovery:x",
                "discovery:bluesky", "refresh:x", "refresh:bluesky", "digest", "catch-up", "delivery");
    }

    @Test
    void aJobWhoseLastRunFailedMakesHealthDegradedWithItsSanitizedError() {
        metrics.recordSuccess(DaemonJob.DIGEST);
        clock.advance(Duration.ofHours(1));
        everyJobSucceedsNow();
        clock.advance(Duration.ofMinutes(1));
        metrics.recordFailure(DaemonJob.DIGEST, new IllegalStateException(
                "cannot write digest\nsee https://user:hunter2@example.org/?token=abc&x=1 with Bearer " + TOKEN));

        HealthReport report = health.get();

        assertThat(report.status()).isEqualTo("degraded");
        assertThat(report.httpStatus()).isEqualTo(200);
        assertThat(report.degradedJobs()).extracting(JobHealth.JobState::job).containsExactly(DaemonJob.DIGEST);
        JobHealth.JobState digest = state(report, DaemonJob.DIGEST);
        assertThat(digest.state()).isEqualTo(JobHealth.State.FAILED);
        assertThat(digest.lastSuccess()).isEqualTo(Instant.parse("2021-05-12T11:00:00Z"));
        assertThat(digest.lastFailure()).isEqualTo(Instant.parse("2021-05-12T11:01:00Z"));
        assertThat(digest.lastError()).isEqualTo("cannot write digest see https://****@example.org/?token=****&x=1 "
                + "with Bearer ****").doesNotContain("hunter2", TOKEN, "\n");

        clock.advance(Duration.ofMinutes(5));
        metrics.recordSuccess(DaemonJob.DIGEST);
        assertThat(health.get().status()).as("the next success heals it").isEqualTo("up");
    }

    @Test
    void aJobThatMissedTwiceItsPeriodIsOverdue() {
        everyJobSucceedsNow();

        clock.advance(Duration.ofMinutes(119));
        JOBS.stream().filter(job -> job.task() == Task.REFRESH).forEach(metrics::recordSuccess);
        metrics.recordSuccess(DaemonJob.discovery("bluesky"));
        assertThat(health.get().status()).as("discovery within two hours").isEqualTo("up");
        clock.advance(Duration.ofMinutes(2));
        HealthReport late = health.get();

        assertThat(late.status()).isEqualTo("degraded");
        assertThat(late.degradedJobs()).extracting(JobHealth.JobState::job).containsExactly(DISCOVERY_X);
        assertThat(state(late, DISCOVERY_X).state()).isEqualTo(JobHealth.State.OVERDUE);
        assertThat(state(late, DISCOVERY_X).overdueAt()).isEqualTo(Instant.parse("2021-05-12T12:00:00Z"));
    }

    @Test
    void theListingIsNotOverdueOverAWeekendButIsAfterTwoMissedEvenings() {
        // Thursday 2021-05-13 20:10 US Eastern: the last listing of the week succeeded
        Instant thursdayEvening = Instant.parse("2021-05-14T00:10:00Z");
        JobOutcome listing = new JobOutcome(DaemonJob.LISTING, Instant.parse("2021-05-10T00:00:00Z"), thursdayEvening,
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
        JobOutcome discovery = new JobOutcome(DISCOVERY_X, restarted, longAgo, null, null, null);
        JobOutcome catchUp = new JobOutcome(DaemonJob.CATCH_UP, longAgo, longAgo, null, null, null);

        assertThat(judge.assess(discovery, clock.instant()).state()).isEqualTo(JobHealth.State.OK);
        assertThat(judge.assess(discovery, Instant.parse("2021-05-12T11:31:00Z")).state())
                .isEqualTo(JobHealth.State.OVERDUE);
        assertThat(judge.assess(catchUp, Instant.parse("2022-01-01T00:00:00Z")).state()).isEqualTo(JobHealth.State.OK);
    }

    @Test
    void theStoredOutcomesAreWhatAnotherNodeSees() {
        metrics.recordFailure(REFRESH_X, new IllegalStateException("X answered 503"));

        JobHealth.JobState seenElsewhere = judge.assess(store.all(), clock.instant()).stream()
                .filter(job -> job.job().equals(REFRESH_X)).findFirst().orElseThrow();

        assertThat(seenElsewhere.state()).isEqualTo(JobHealth.State.FAILED);
        assertThat(seenElsewhere.lastError()).isEqualTo("X answered 503");
        String node = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT last_node FROM job_health WHERE job = 'refresh:x'").mapTo(String.class).one());
        assertThat(node).isEqualTo("node-a:1");
    }

    @Test
    void eachSourcesJobsFailAndFallOverdueOnTheirOwn() {
        everyJobSucceedsNow();
        clock.advance(Duration.ofMinutes(10));
        metrics.recordFailure(DaemonJob.discovery("bluesky"), new IllegalStateException("Bluesky answered 502"));
        metrics.recordSuccess(REFRESH_X);
        clock.advance(Duration.ofMinutes(25)); // refresh:bluesky last succeeded 35 minutes ago: overdue after 30

        HealthReport report = health.get();

        assertThat(report.degradedJobs()).extracting(state -> state.job().name() + " " + state.state().wireName())
                .containsExactly("discovery:bluesky failed", "refresh:bluesky overdue");
        assertThat(state(report, DISCOVERY_X).state()).isEqualTo(JobHealth.State.OK);
        assertThat(state(report, REFRESH_X).state()).isEqualTo(JobHealth.State.OK);
        assertThat(state(report, DaemonJob.discovery("bluesky")).lastError()).isEqualTo("Bluesky answered 502");
    }

    @Test
    void aSourceNoLongerEnabledIsNotJudged() {
        metrics.recordFailure(DaemonJob.discovery("bluesky"), new IllegalStateException("Bluesky answered 502"));

        JobHealth xOnly = new JobHealth(SETTINGS, DaemonJob.all(List.of("x")));

        assertThat(xOnly.assess(store.all(), clock.instant())).extracting(state -> state.job().name())
                .containsExactly("listing", "discovery:x", "refresh:x", "digest", "catch-up", "delivery");
    }
}
