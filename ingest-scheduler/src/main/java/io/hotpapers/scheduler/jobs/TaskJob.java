package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.text.ErrorText;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job class: a thin adapter that runs the {@link DaemonJob} named by its job key. Quartz never runs
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
        String name = context.getJobDetail().getKey().getName();
        Optional<DaemonJob> known = DaemonJob.parse(name);
        if (known.isEmpty()) {
            // a job stored by another hotpapers version: the next start of this version removes it
            LOG.warn("Job {} not run: this version does not know it", name);
            return;
        }
        DaemonJob job = known.get();
        if (stop.isRequested()) {
            LOG.info("Job {} not started: the daemon is stopping", job.name());
            return;
        }
        try {
            jobs.run(job);
            metrics.recordSuccess(job);
        } catch (RuntimeException e) {
            if (stop.isRequested()) {
                // cut short by the stop (a wait or a request ended early): an ordinary stop, not an error
                LOG.info("Job {} stopped: {}", job.name(), errors.of(e));
                return;
            }
            metrics.recordFailure(job, e);
            // the services already stored the failure in ingest_runs; one line here, the next run retries
            LOG.error("Job {} failed: {}", job.name(), errors.of(e));
            throw new JobExecutionException(e, false);
        }
    }
}
