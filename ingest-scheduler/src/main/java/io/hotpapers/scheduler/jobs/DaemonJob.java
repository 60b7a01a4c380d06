package io.hotpapers.scheduler.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the daemon's jobs: a {@link Task}, and for the per-source tasks the source it reads. Its {@link #name()}
 * ({@code listing}, {@code discovery:x}, {@code refresh:x}, …) names its Quartz job and trigger, its
 * {@code job_health} row and its metrics, so each source's jobs run, fail and fall overdue on their own.
 *
 * @param source the source id for a per-source task, {@code null} otherwise
 */
public record DaemonJob(Task task, String source) {
    public static final DaemonJob LISTING = new DaemonJob(Task.LISTING, null);
    public static final DaemonJob DIGEST = new DaemonJob(Task.DIGEST, null);
    public static final DaemonJob CATCH_UP = new DaemonJob(Task.CATCH_UP, null);
    public static final DaemonJob DELIVERY = new DaemonJob(Task.DELIVERY, null);

    public DaemonJob {
        Objects.requireNonNull(task, "task");
        if (task.perSource() != (source != null)) {
            throw new IllegalArgumentException(task.perSource() ? "job " + task.jobName() + " needs a source"
                    : "job " + task.jobName() + " runs for all sources, not for " + source);
        }
    }

    /** The discovery job of one source. */
    public static DaemonJob discovery(String source) {
        return new DaemonJob(Task.DISCOVERY, source);
    }

    /** The refresh (snapshots) job of one source. */
    public static DaemonJob refresh(String source) {
        return new DaemonJob(Task.REFRESH, source);
    }

    /** Every job of a daemon whose enabled sources are {@code sources}, in task order, sources as given. */
    public static List<DaemonJob> all(List<String> sources) {
        List<DaemonJob> jobs = new ArrayList<>();
        for (Task task : Task.values()) {
            if (task.perSource()) {
                sources.forEach(source -> jobs.add(new DaemonJob(task, source)));
            } else {
                jobs.add(new DaemonJob(task, null));
            }
        }
        return List.copyOf(jobs);
    }

    /** The job a name stands for, or empty for a name this version does not know (an older or newer node's). */
    public static Optional<DaemonJob> parse(String name) {
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon);
        String source = colon < 0 ? null : name.substring(colon + 1);
        for (Task task : Task.values()) {
            if (task.jobName().equals(kind) && task.perSource() == (source != null)
                    && (source == null || !source.isEmpty())) {
                return Optional.of(new DaemonJob(task, source));
            }
        }
        return Optional.empty();
    }

    /** {@code listing}, {@code discovery:x}, …: the name in Quartz, {@code job_health}, logs and metrics. */
    public String name() {
        return source == null ? task.jobName() : task.jobName() + ":" + source;
    }

    @Override
    public String toString() {
        return name();
    }
}
