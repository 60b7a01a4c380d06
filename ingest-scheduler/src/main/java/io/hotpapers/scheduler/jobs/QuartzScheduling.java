package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.run.RunOwner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
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
import org.quartz.spi.JobFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

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

    private final Supplier<DataSource> dataSource;
    private final DaemonSettings settings;
    private final JobFactory jobFactory;
    private final String connectionProviderName = "hotpapers-" + UUID.randomUUID();
    /** Host and pid in the id: {@code ingest_runs} rows name it, and an operator can tell the nodes apart. */
    private final String instanceId = RunOwner.localHost() + "-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private Scheduler scheduler;

    public QuartzScheduling(DataSource dataSource, DaemonSettings settings, JobFactory jobFactory) {
        this(() -> dataSource, settings, jobFactory);
    }

    private QuartzScheduling(Supplier<DataSource> dataSource, DaemonSettings settings, JobFactory jobFactory) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.jobFactory = jobFactory;
    }

    /** With the pool asked for at {@link #start()}: the daemon builds its scheduling before the database is up. */
    public static QuartzScheduling withPoolAtStart(Supplier<DataSource> dataSource, DaemonSettings settings,
                                                   JobFactory jobFactory) {
        return new QuartzScheduling(dataSource, settings, jobFactory);
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
        for (Task task : Task.values()) {
            // requestRecovery: a run cut short by a dead node is run again by another node
            JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(task.name(), GROUP).storeDurably()
                    .requestRecovery(true).build();
            scheduler.addJob(job, true);
            if (task == Task.CATCH_UP) {
                // this start's own one-shot run, under a trigger name of its own: a shared name let a second node
                // starting at once replace the first node's catch-up before it fired, so one start caught up nothing
                scheduler.triggerJob(job.getKey());
                continue;
            }
            Trigger trigger = trigger(task, job.getKey());
            boolean exists = scheduler.checkExists(trigger.getKey());
            if (exists && redefineTriggers) {
                scheduler.rescheduleJob(trigger.getKey(), trigger);
            } else if (!exists) {
                scheduler.scheduleJob(trigger);
            }
        }
        scheduler.start();
    }

    /** The next fire time of each task on this cluster. */
    public Map<Task, Instant> nextFireTimes() throws SchedulerException {
        Map<Task, Instant> next = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            Trigger trigger = scheduler.getTrigger(triggerKey(task));
            if (trigger != null && trigger.getNextFireTime() != null) {
                next.put(task, trigger.getNextFireTime().toInstant());
            }
        }
        return next;
    }

    /** This node's Quartz instance id, as in {@code qrtz_scheduler_state}. */
    public String instanceId() {
        return instanceId;
    }

    /** Fires a task once now, on whichever node of the cluster takes it first. */
    public void runNow(Task task) throws SchedulerException {
        scheduler.triggerJob(JobKey.jobKey(task.name(), GROUP));
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

    /** Exposed for tests: the Quartz trigger of a task. */
    Trigger trigger(Task task, JobKey job) {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(triggerKey(task)).forJob(job);
        return switch (task) {
            case LISTING -> builder.withSchedule(CronScheduleBuilder
                    .cronSchedule(cron(settings.listingTime().getHour(), settings.listingTime().getMinute(), "SUN-THU"))
                    .inTimeZone(TimeZone.getTimeZone(MailingDates.ZONE))
                    .withMisfireHandlingInstructionFireAndProceed()).build();
            case DIGEST -> builder.withSchedule(CronScheduleBuilder
                    .cronSchedule(cron(settings.digestTime().getHour(), settings.digestTime().getMinute(), "*"))
                    .inTimeZone(TimeZone.getTimeZone("UTC"))
                    .withMisfireHandlingInstructionFireAndProceed()).build();
            case DISCOVERY -> every(builder, settings.discoveryInterval());
            case SNAPSHOTS -> every(builder, settings.refreshInterval());
            case CATCH_UP -> builder.startNow().build();
        };
    }

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

    private static TriggerKey triggerKey(Task task) {
        return TriggerKey.triggerKey(task.name(), GROUP);
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
