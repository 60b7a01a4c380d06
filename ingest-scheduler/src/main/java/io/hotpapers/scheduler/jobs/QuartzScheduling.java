package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.run.RunOwner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Quartz scheduler: JDBC JobStore on the hotpapers database, clustered, so that several daemons on
 * one database share the jobs, each job runs on one node at a time, and a dead node's jobs are taken over.
 *
 * <p>Schedules are computed in their own time zones (America/New_York for listings, UTC for digests) and stored
 * in UTC, so daylight-saving changes neither skip nor double a run.
 */
public final class QuartzScheduling {
    static final String SCHEDULER_NAME = "hotpapers";
    private static final String GROUP = "hotpapers";
    private static final Logger LOG = LoggerFactory.getLogger(QuartzScheduling.class);

    private final Supplier<DataSource> dataSource;
    private final DaemonSettings settings;
    private final JobFactory jobFactory;
    /** This node's jobs: the global ones and each enabled source's (the cluster schedule holds the sources). */
    private final List<DaemonJob> jobs;
    private final String connectionProviderName = "hotpapers-" + UUID.randomUUID();
    /** Host and pid in the id: {@code ingest_runs} rows name it, and an operator can tell the nodes apart. */
    private final String instanceId = RunOwner.localHost() + "-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private Scheduler scheduler;

    public QuartzScheduling(DataSource dataSource, DaemonSettings settings, List<DaemonJob> jobs,
                            JobFactory jobFactory) {
        this(() -> dataSource, settings, jobs, jobFactory);
    }

    private QuartzScheduling(Supplier<DataSource> dataSource, DaemonSettings settings, List<DaemonJob> jobs,
                             JobFactory jobFactory) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.jobs = List.copyOf(jobs);
        this.jobFactory = jobFactory;
    }

    /** With the pool asked for at {@link #start()}: the daemon builds its scheduling before the database is up. */
    public static QuartzScheduling withPoolAtStart(Supplier<DataSource> dataSource, DaemonSettings settings,
                                                   List<DaemonJob> jobs, JobFactory jobFactory) {
        return new QuartzScheduling(dataSource, settings, jobs, jobFactory);
    }

    /** Only the trigger definitions, for judging when a job is overdue: the same schedule, never a second copy. */
    static QuartzScheduling definitionsOnly(DaemonSettings settings) {
        return new QuartzScheduling(() -> null, settings, List.of(), null);
    }

    /** Creates the scheduler, (re)defines the jobs and their triggers, runs catch-up once, and starts. */
    public synchronized void start() throws SchedulerException {
        start(true);
    }

    /**
     * Creates the scheduler, defines the jobs, runs catch-up once, and starts.
     *
     * @param redefineTriggers whether existing triggers are replaced by this node's settings; when not, the
     *     cluster's triggers are kept as they are (missing ones are still created)
     */
    public synchronized void start(boolean redefineTriggers) throws SchedulerException {
        DBConnectionManager.getInstance().addConnectionProvider(connectionProviderName,
                new PooledConnections(dataSource.get()));
        StdSchedulerFactory factory = new StdSchedulerFactory(properties());
        scheduler = factory.getScheduler();
        // Quartz keeps schedulers in a global registry by name; hotpapers owns its instances (tests run two nodes)
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        scheduler.setJobFactory(jobFactory);
        removeObsoleteJobs();
        for (DaemonJob daemonJob : jobs) {
            // requestRecovery: a run cut short by a dead node is run again by another node
            JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(daemonJob.name(), GROUP).storeDurably()
                    .requestRecovery(true).build();
            scheduler.addJob(job, true);
            if (daemonJob.task() == Task.CATCH_UP) {
                // this start's own one-shot run, under a trigger name of its own: a shared name let a second node
                // starting at once replace the first node's catch-up before it fired, so one start caught up nothing
                scheduler.triggerJob(job.getKey());
                continue;
            }
            Trigger trigger = trigger(daemonJob, job.getKey());
            boolean exists = scheduler.checkExists(trigger.getKey());
            if (exists && redefineTriggers) {
                scheduler.rescheduleJob(trigger.getKey(), trigger);
            } else if (!exists) {
                scheduler.scheduleJob(trigger);
            }
        }
        scheduler.start();
    }

    /**
     * Deletes the stored jobs this node does not run, with their triggers: jobs of an older version (one
     * {@code DISCOVERY} job for every source) or of a source the cluster no longer enables. The sources are part
     * of the cluster's schedule, so every node that got this far runs the same jobs.
     */
    private void removeObsoleteJobs() throws SchedulerException {
        Set<String> names = new HashSet<>();
        jobs.forEach(job -> names.add(job.name()));
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!names.contains(key.getName())) {
                scheduler.deleteJob(key);
                LOG.info("Removed the scheduled job {}: this version and configuration do not run it", key.getName());
            }
        }
    }

    /** The next fire time of each job on this cluster, in job order. */
    public Map<DaemonJob, Instant> nextFireTimes() throws SchedulerException {
        Map<DaemonJob, Instant> next = new LinkedHashMap<>();
        for (DaemonJob job : jobs) {
            Trigger trigger = scheduler.getTrigger(triggerKey(job));
            if (trigger != null && trigger.getNextFireTime() != null) {
                next.put(job, trigger.getNextFireTime().toInstant());
            }
        }
        return next;
    }

    /** This node's Quartz instance id, as in {@code qrtz_scheduler_state}. */
    public String instanceId() {
        return instanceId;
    }

    /** Fires a job once now, on whichever node of the cluster takes it first. */
    public void runNow(DaemonJob job) throws SchedulerException {
        scheduler.triggerJob(JobKey.jobKey(job.name(), GROUP));
    }

    /** Whether the scheduler runs (for {@code /health}). */
    public synchronized boolean isRunning() {
        try {
            return scheduler != null && scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /**
     * Starts no new run, waits for running ones to end (they stop at their next unit of work, told by the
     * daemon's stop signal) for at most the grace period, then shuts the scheduler down. The grace is a ceiling:
     * an idle scheduler stops at once. Returns the jobs still running when the grace ran out.
     */
    public synchronized int stop(Duration grace) {
        if (scheduler == null) {
            return 0;
        }
        try {
            scheduler.standby();
            long deadline = System.nanoTime() + grace.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50); // waiting for running jobs to end, not for timing
            }
            int left = scheduler.getCurrentlyExecutingJobs().size();
            // with nothing running, waiting lets Quartz's own threads finish before the pool they use closes
            scheduler.shutdown(left == 0);
            return left;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the scheduler: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            scheduler = null;
        }
    }

    /** Exposed for tests: the Quartz trigger of a job; every source's jobs of one kind share the schedule. */
    Trigger trigger(DaemonJob daemonJob, JobKey job) {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(triggerKey(daemonJob)).forJob(job);
        return switch (daemonJob.task()) {
            case LISTING -> builder.withSchedule(CronScheduleBuilder
                    .cronSchedule(cron(settings.listingTime().getHour(), settings.listingTime().getMinute(), "SUN-THU"))
                    .inTimeZone(TimeZone.getTimeZone(MailingDates.ZONE))
                    .withMisfireHandlingInstructionFireAndProceed()).build();
            case DIGEST -> builder.withSchedule(CronScheduleBuilder
                    .cronSchedule(cron(settings.digestTime().getHour(), settings.digestTime().getMinute(), "*"))
                    .inTimeZone(TimeZone.getTimeZone("UTC"))
                    .withMisfireHandlingInstructionFireAndProceed()).build();
            case DISCOVERY -> every(builder, settings.discoveryInterval());
            case REFRESH -> every(builder, settings.refreshInterval());
            case CATCH_UP -> builder.startNow().build();
            case DELIVERY -> every(builder, DELIVERY_INTERVAL);
        };
    }

    /** Deliveries retry after a minute at the soonest: a look every few minutes keeps that spacing close. */
    public static final Duration DELIVERY_INTERVAL = Duration.ofMinutes(5);

    private static Trigger every(TriggerBuilder<Trigger> builder, Duration interval) {
        return builder.startAt(Date.from(Instant.now().plus(Duration.ofMinutes(1))))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    private static String cron(int hour, int minute, String days) {
        return "0 " + minute + " " + hour + " " + ("*".equals(days) ? "* * ?" : "? * " + days);
    }

    private static TriggerKey triggerKey(DaemonJob job) {
        return TriggerKey.triggerKey(job.name(), GROUP);
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", instanceId);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "4");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", connectionProviderName);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(settings.clusterCheckin().toMillis()));
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        return properties;
    }

    /** Lends Quartz connections from hotpapers' own pool. */
    private static final class PooledConnections implements ConnectionProvider {
        private final DataSource dataSource;

        PooledConnections(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to Database, which closes it
        }

        @Override
        public void initialize() {
            // nothing to set up
        }
    }
}
