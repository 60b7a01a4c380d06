package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.text.ErrorText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
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
    private final Map<DaemonJob, AtomicLong> lastSuccess = new HashMap<>();
    private final Map<DaemonJob, JobOutcome> local = new HashMap<>();

    /**
     * @param jobs this daemon's jobs
     * @param store where outcomes are shared with the cluster
     * @param node how this daemon is named in {@code job_health} (host:pid)
     */
    public JobMetrics(MeterRegistry registry, Clock clock, List<DaemonJob> jobs, JobOutcomeStore store,
                      ErrorText errors, String node) {
        this.registry = registry;
        this.clock = clock;
        this.store = store;
        this.errors = errors;
        this.node = node;
        this.since = clock.instant();
        for (DaemonJob job : jobs) {
            AtomicLong seconds = new AtomicLong();
            lastSuccess.put(job, seconds);
            local.put(job, new JobOutcome(job, since, null, null, null, null));
            Gauge.builder("hotpapers.job.last.success", seconds, AtomicLong::get)
                    .description("Unix time of the job's last successful run (0: none since start)")
                    .tag("job", job.name())
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    void recordSuccess(DaemonJob job) {
        Instant now = clock.instant();
        count(job, "success");
        lastSuccess.computeIfAbsent(job, unknown -> new AtomicLong()).set(now.getEpochSecond());
        remember(new JobOutcome(job, since, now, local(job).lastFailureAt(), local(job).lastError(), node));
        try {
            store.succeeded(job, now, node);
        } catch (RuntimeException e) {
            LOG.warn("Could not store the success of job {}: {}", job.name(), errors.of(e));
        }
    }

    void recordFailure(DaemonJob job, Throwable error) {
        Instant now = clock.instant();
        String message = errors.of(error);
        count(job, "failure");
        remember(new JobOutcome(job, since, local(job).lastSuccessAt(), now, message, node));
        try {
            store.failed(job, now, node, message);
        } catch (RuntimeException e) {
            LOG.warn("Could not store the failure of job {}: {}", job.name(), errors.of(e));
        }
    }

    /** The outcomes this node saw since it started, for when {@code job_health} cannot be read. */
    public synchronized Map<DaemonJob, JobOutcome> localOutcomes() {
        return Map.copyOf(local);
    }

    /** When this node started scheduling. */
    public Instant since() {
        return since;
    }

    private synchronized JobOutcome local(DaemonJob job) {
        return local.getOrDefault(job, new JobOutcome(job, since, null, null, null, null));
    }

    private synchronized void remember(JobOutcome outcome) {
        local.put(outcome.job(), outcome);
    }

    private void count(DaemonJob job, String outcome) {
        Counter.builder("hotpapers.job.runs")
                .description("Job runs by outcome")
                .tag("job", job.name())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
