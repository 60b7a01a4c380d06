package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.text.ErrorText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each job run's outcome: runs per job and outcome and the last success time for {@code /metrics}, and the
 * last success and last (sanitized) error in {@code job_health}, where every node's {@code /health} reads them.
 * This node's own view is kept too, for when the database cannot be read.
 */
public final class JobMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(JobMetrics.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final JobOutcomeStore store;
    private final ErrorText errors;
    private final String node;
    private final Instant since;
    private final Map<Task, AtomicLong> lastSuccess = new EnumMap<>(Task.class);
    private final Map<Task, JobOutcome> local = new EnumMap<>(Task.class);

    /**
     * @param store where outcomes are shared with the cluster
     * @param node how this daemon is named in {@code job_health} (host:pid)
     */
    public JobMetrics(MeterRegistry registry, Clock clock, JobOutcomeStore store, ErrorText errors, String node) {
        this.registry = registry;
        this.clock = clock;
        this.store = store;
        this.errors = errors;
        this.node = node;
        this.since = clock.instant();
        for (Task task : Task.values()) {
            AtomicLong seconds = new AtomicLong();
            lastSuccess.put(task, seconds);
            local.put(task, new JobOutcome(task, since, null, null, null, null));
            Gauge.builder("hotpapers.job.last.success", seconds, AtomicLong::get)
                    .description("Unix time of the job's last successful run (0: none since start)")
                    .tag("job", task.jobName())
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    void recordSuccess(Task task) {
        Instant now = clock.instant();
        count(task, "success");
        lastSuccess.get(task).set(now.getEpochSecond());
        remember(new JobOutcome(task, since, now, local(task).lastFailureAt(), local(task).lastError(), node));
        try {
            store.succeeded(task, now, node);
        } catch (RuntimeException e) {
            LOG.warn("Could not store the success of job {}: {}", task.jobName(), errors.of(e));
        }
    }

    void recordFailure(Task task, Throwable error) {
        Instant now = clock.instant();
        String message = errors.of(error);
        count(task, "failure");
        remember(new JobOutcome(task, since, local(task).lastSuccessAt(), now, message, node));
        try {
            store.failed(task, now, node, message);
        } catch (RuntimeException e) {
            LOG.warn("Could not store the failure of job {}: {}", task.jobName(), errors.of(e));
        }
    }

    /** The outcomes this node saw since it started, for when {@code job_health} cannot be read. */
    public synchronized Map<Task, JobOutcome> localOutcomes() {
        return Map.copyOf(local);
    }

    /** When this node started scheduling. */
    public Instant since() {
        return since;
    }

    private synchronized JobOutcome local(Task task) {
        return local.get(task);
    }

    private synchronized void remember(JobOutcome outcome) {
        local.put(outcome.task(), outcome);
    }

    private void count(Task task, String outcome) {
        Counter.builder("hotpapers.job.runs")
                .description("Job runs by outcome")
                .tag("job", task.jobName())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
