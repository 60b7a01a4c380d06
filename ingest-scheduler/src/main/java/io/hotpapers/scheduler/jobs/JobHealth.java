package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.config.DaemonSettings;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Trigger;

/**
 * Judges each daemon job from its last outcome: {@code failed} when its last run failed, {@code overdue} when it has
 * not succeeded for twice its period, {@code ok} otherwise.
 *
 * <p>Each source's discovery and refresh are judged on their own. "Twice its period" is two intervals for the
 * interval jobs (discovery, refresh) and, for the jobs on a
 * calendar (listing Sunday to Thursday, digest daily), the second scheduled fire after the last success — so a
 * weekend is no gap — plus the listing's patience, as a listing run may wait that long for arXiv's feed. Catch-up
 * runs once per start and is never overdue. The reference is the last success, or the last time a daemon started
 * scheduling if that is later: downtime is catch-up's business, not a job's.
 */
public final class JobHealth {
    /** What {@code /health} and {@code status} say about one job. */
    public enum State {
        OK,
        OVERDUE,
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One job's view.
     *
     * @param overdueAt when the job counts as overdue if it does not succeed before, or {@code null} (catch-up)
     */
    public record JobState(DaemonJob job, State state, Instant lastSuccess, Instant lastFailure, String lastError,
                           Instant overdueAt) {
    }

    private final DaemonSettings settings;
    private final List<DaemonJob> jobs;
    private final QuartzScheduling schedule;

    /** @param jobs the jobs judged: this daemon's (a disabled source's old outcome is no longer shown) */
    public JobHealth(DaemonSettings settings, List<DaemonJob> jobs) {
        this.settings = settings;
        this.jobs = List.copyOf(jobs);
        // only its trigger definitions are used: the same schedule the daemon runs, never a second copy of it
        this.schedule = QuartzScheduling.definitionsOnly(settings);
    }

    /** The state of every job that has an outcome, in job order. */
    public List<JobState> assess(Map<DaemonJob, JobOutcome> outcomes, Instant now) {
        List<JobState> states = new ArrayList<>();
        for (DaemonJob job : jobs) {
            JobOutcome outcome = outcomes.get(job);
            if (outcome != null) {
                states.add(assess(outcome, now));
            }
        }
        return states;
    }

    JobState assess(JobOutcome outcome, Instant now) {
        Instant reference = outcome.lastSuccessAt() == null || outcome.lastSuccessAt().isBefore(outcome.scheduledSince())
                ? outcome.scheduledSince() : outcome.lastSuccessAt();
        Instant overdueAt = overdueAt(outcome.job().task(), reference);
        State state = outcome.lastRunFailed() ? State.FAILED
                : overdueAt != null && now.isAfter(overdueAt) ? State.OVERDUE : State.OK;
        return new JobState(outcome.job(), state, outcome.lastSuccessAt(), outcome.lastFailureAt(),
                outcome.lastError(), overdueAt);
    }

    /** When a job whose last success (or scheduling start) was {@code reference} becomes overdue. */
    Instant overdueAt(Task task, Instant reference) {
        return switch (task) {
            case DISCOVERY -> reference.plus(settings.discoveryInterval().multipliedBy(2));
            case REFRESH -> reference.plus(settings.refreshInterval().multipliedBy(2));
            case LISTING -> secondFireAfter(task, reference).plus(settings.listingPatience());
            case DIGEST -> secondFireAfter(task, reference);
            case CATCH_UP -> null;
            case DELIVERY -> null; // judged by the deliveries themselves: status shows those pending or failed
        };
    }

    private Instant secondFireAfter(Task task, Instant reference) {
        Trigger trigger = schedule.trigger(new DaemonJob(task, null), JobKey.jobKey(task.jobName()));
        if (!(trigger instanceof CronTrigger cron)) {
            throw new IllegalStateException("job " + task.jobName() + " has no calendar schedule");
        }
        try {
            CronExpression expression = new CronExpression(cron.getCronExpression());
            expression.setTimeZone(cron.getTimeZone());
            Date first = expression.getNextValidTimeAfter(Date.from(reference));
            return expression.getNextValidTimeAfter(first).toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("invalid schedule of job " + task.jobName() + ": " + e.getMessage(), e);
        }
    }
}
