package io.hotpapers.scheduler.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Runs per job and outcome, and the last success time per job, for {@code /metrics}. */
public final class JobMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Task, AtomicLong> lastSuccess = new EnumMap<>(Task.class);

    public JobMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (Task task : Task.values()) {
            AtomicLong seconds = new AtomicLong();
            lastSuccess.put(task, seconds);
            Gauge.builder("hotpapers.job.last.success", seconds, AtomicLong::get)
                    .description("Unix time of the job's last successful run (0: none since start)")
                    .tag("job", task.jobName())
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    void record(Task task, boolean succeeded) {
        Counter.builder("hotpapers.job.runs")
                .description("Job runs by outcome")
                .tag("job", task.jobName())
                .tag("outcome", succeeded ? "success" : "failure")
                .register(registry)
                .increment();
        if (succeeded) {
            lastSuccess.get(task).set(clock.instant().getEpochSecond());
        }
    }
}
