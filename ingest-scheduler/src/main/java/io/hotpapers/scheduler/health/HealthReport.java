package io.hotpapers.scheduler.health;

import io.hotpapers.scheduler.jobs.JobHealth;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /health} answers: {@code down} (503) while the database or the scheduler is down, {@code degraded}
 * (200) while a job failed its last run or is overdue, {@code up} (200) otherwise.
 *
 * @param databaseDownSince since when the database does not answer, or {@code null} while it does
 * @param databaseError why it does not (sanitized), or {@code null}
 * @param jobs the state of each job
 */
public record HealthReport(boolean databaseUp, Instant databaseDownSince, String databaseError, boolean schedulerUp,
                           List<JobHealth.JobState> jobs) {
    public HealthReport {
        jobs = List.copyOf(jobs);
    }

    public String status() {
        if (!databaseUp || !schedulerUp) {
            return "down";
        }
        return degradedJobs().isEmpty() ? "up" : "degraded";
    }

    /** 503 when down, so that a load balancer or supervisor takes the node out; 200 otherwise. */
    public int httpStatus() {
        return status().equals("down") ? 503 : 200;
    }

    /** The jobs that failed their last run or are overdue. */
    public List<JobHealth.JobState> degradedJobs() {
        return jobs.stream().filter(job -> job.state() != JobHealth.State.OK).toList();
    }
}
