package io.hotpapers.scheduler.jobs;

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

    public TaskJob(IngestionJobs jobs, JobMetrics metrics) {
        this.jobs = jobs;
        this.metrics = metrics;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Task task = Task.valueOf(context.getJobDetail().getKey().getName());
        try {
            jobs.run(task);
            metrics.recordSuccess(task);
        } catch (RuntimeException e) {
            metrics.recordFailure(task, e);
            // the services already stored the failure in ingest_runs; one line here, the next run retries
            LOG.error("Job {} failed: {}", task.jobName(), e.getMessage());
            throw new JobExecutionException(e, false);
        }
    }
}
