package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.text.ErrorText;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job class: a thin adapter that runs the {@link Task} named by its job key. Quartz never runs
 * two instances of the same job key at once, on any node of the cluster.
 */
@DisallowConcurrentExecution
public final class TaskJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(TaskJob.class);

    private final IngestionJobs jobs;
    private final JobMetrics metrics;
    private final StopSignal stop;
    private final ErrorText errors;

    public TaskJob(IngestionJobs jobs, JobMetrics metrics) {
        this(jobs, metrics, new StopSignal(), ErrorText.withoutSecrets());
    }

    /** @param errors how a failure's message is made fit to log (secrets blanked, one line) */
    public TaskJob(IngestionJobs jobs, JobMetrics metrics, StopSignal stop, ErrorText errors) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.stop = stop;
        this.errors = errors;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Task task = Task.valueOf(context.getJobDetail().getKey().getName());
        if (stop.isRequested()) {
            LOG.info("Job {} not started: the daemon is stopping", task.jobName());
            return;
        }
        try {
            jobs.run(task);
            metrics.recordSuccess(task);
        } catch (RuntimeException e) {
            if (stop.isRequested()) {
                // cut short by the stop (a wait or a request ended early): an ordinary stop, not an error
                LOG.info("Job {} stopped: {}", task.jobName(), errors.of(e));
                return;
            }
            metrics.recordFailure(task, e);
            // the services already stored the failure in ingest_runs; one line here, the next run retries
            LOG.error("Job {} failed: {}", task.jobName(), errors.of(e));
            throw new JobExecutionException(e, false);
        }
    }
}
