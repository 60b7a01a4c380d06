package io.hotpapers.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.scheduler.cluster.ClusterSchedule;
import io.hotpapers.scheduler.cluster.ScheduleConflictException;
import io.hotpapers.scheduler.cluster.ScheduleSettings;
import io.hotpapers.scheduler.cluster.StartCheckException;
import io.hotpapers.scheduler.cluster.StartChecks;
import io.hotpapers.scheduler.health.DaemonHealth;
import io.hotpapers.scheduler.health.DatabaseWatchdog;
import io.hotpapers.scheduler.health.HealthServer;
import io.hotpapers.core.text.ErrorText;
import io.hotpapers.scheduler.jobs.DaemonJob;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.JobMetrics;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import io.hotpapers.scheduler.jobs.QuartzScheduling;
import io.hotpapers.scheduler.jobs.Task;
import io.hotpapers.scheduler.jobs.TaskJob;
import io.hotpapers.social.DaemonPart;
import io.hotpapers.core.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running daemon: the started {@link App}, its clustered Quartz scheduler and the health endpoint.
 * {@link #stop()} starts no new run, tells running ones to stop at their next unit of work and waits for them
 * (at most the grace period), then releases the database.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final App app;
    private final QuartzScheduling scheduling;
    private final HealthServer health;
    private final JobOutcomeStore outcomes;
    /** The jobs this daemon schedules: the global ones and each enabled source's discovery and refresh. */
    private final List<DaemonJob> jobs;
    private final DatabaseWatchdog watchdog;
    private final CompletableFuture<Void> databaseLost = new CompletableFuture<>();
    private final ErrorText errors;
    private volatile boolean stopped;
    private volatile boolean listening;

    /** The exit code of a stop that no signal asked for: what SIGTERM, the usual way to stop a daemon, gives. */
    private static final int STOPPED = 143;

    public Daemon(App app) {
        this(app, Sleeper.SYSTEM);
    }

    /** @param sleeper how the database watchdog waits between its looks */
    Daemon(App app, Sleeper sleeper) {
        this.app = app;
        DaemonSettings settings = app.config().daemon();
        this.errors = new ErrorText(app.config().secrets().stream().map(Secret::reveal).toList());
        // App's stores take their connections on use: a daemon is built, and its address bound, before the database is up
        this.outcomes = app.jobOutcomes();
        this.jobs = app.jobs().daemonJobs();
        JobMetrics metrics = new JobMetrics(app.metrics(), app.clock(), jobs, outcomes, errors, node());
        this.scheduling = QuartzScheduling.withPoolAtStart(() -> app.database().dataSource(), settings, jobs,
                (bundle, scheduler) -> new TaskJob(app.jobs(), metrics, app.stopSignal(), errors));
        this.watchdog = new DatabaseWatchdog(app.database(), settings.databaseDownExit(), app.clock(), sleeper,
                app.metrics(), errors::sanitize, () -> databaseLost.complete(null));
        this.health = settings.httpAddress() == null ? null : new HealthServer(settings.httpAddress(),
                new DaemonHealth(watchdog, scheduling::isRunning, outcomes, metrics, new JobHealth(settings, jobs),
                        app.clock()), app.metrics(), app.siteHandler(app.config().siteDirectory()));
    }

    /**
     * What can fail on this machine, checked before the database is touched: the paths it writes, then the HTTP
     * address, which stays bound (answering 503 until the scheduler runs).
     *
     * @throws StartCheckException with the one-line reason
     */
    public void checkLocal() {
        StartChecks.writablePaths(app.config());
        if (health != null && !listening) {
            try {
                health.start();
                listening = true;
            } catch (IOException e) {
                InetSocketAddress address = app.config().daemon().httpAddress();
                throw new StartCheckException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                        + " (" + e.getMessage() + "); set HOTPAPERS_HTTP_ADDRESS to a free HOST:PORT, or off");
            }
        }
    }

    /**
     * Checks this node's schedule settings against the cluster's (the app is started), storing them when the
     * cluster has none or {@code reschedule} is set.
     *
     * @return whether the Quartz triggers are to be (re)defined from this node's settings
     * @throws ScheduleConflictException when they differ and {@code reschedule} is not set
     */
    public boolean claimSchedule(boolean reschedule) {
        return new ClusterSchedule(app.database().jdbi(), app.clock(), new ObjectMapper())
                .claim(ScheduleSettings.of(app.config()), reschedule).redefinesTriggers();
    }

    /** Starts scheduling (redefining the triggers) and the endpoint, and says so in one line. */
    public void start() {
        start(true);
    }

    /** Starts scheduling and the endpoint, and says so in one line; keeps the cluster's triggers unless told. */
    public void start(boolean redefineTriggers) {
        try {
            // runs this node starts name its Quartz instance, so other nodes can tell when it is gone
            app.runs().joinScheduler(scheduling.instanceId());
            scheduling.start(redefineTriggers);
            if (health != null && !listening) {
                health.start();
                listening = true;
            }
            LOG.info(startLine(scheduling.nextFireTimes()));
            app.reportMailRecipients();
            startWatching();
            startDaemonParts();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + app.config().daemon().httpAddress() + " (set "
                    + "HOTPAPERS_HTTP_ADDRESS, or off): " + e.getMessage(), e);
        }
    }

    /** The sources' long-running parts (stream consumers), after the scheduler: they store what jobs read. */
    private void startDaemonParts() {
        for (DaemonPart part : daemonParts()) {
            LOG.info("Starting {}", part.name());
            part.start();
        }
    }

    /** Each part stops on its own: one that fails to stop cleanly does not keep the others running. */
    private void stopDaemonParts() {
        for (DaemonPart part : daemonParts()) {
            try {
                part.stop();
            } catch (RuntimeException e) {
                LOG.warn("{} did not stop cleanly: {}", part.name(), errors.of(e));
            }
        }
    }

    private List<DaemonPart> daemonParts() {
        return app.sources().stream().flatMap(source -> source.daemonParts().stream()).toList();
    }

    /** Gives back what a refused start took (the address, the database), quietly: nothing ran. */
    public synchronized void release() {
        stopped = true;
        if (health != null) {
            health.stop();
        }
        app.stop();
    }

    /** The port of the health endpoint, or -1 when it is off. */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    /** Stops: no new run, running ones end at their next unit of work (at most the grace period), then releases all. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        watchdog.stop();
        app.stopSignal().request("daemon stop", STOPPED);
        LOG.info("Stopping: no new runs; running ones stop at their next unit of work (at most {})",
                app.config().daemon().shutdownGrace());
        app.jobs().beginStop();
        stopDaemonParts();
        int left = scheduling.stop(app.config().daemon().shutdownGrace());
        if (left > 0) {
            LOG.warn("{} run(s) still busy after the grace period; the next start marks them abandoned", left);
        }
        if (health != null) {
            health.stop();
        }
        app.stop();
        LOG.info("Stopped");
    }

    /**
     * Completes when the database stayed unreachable for {@code HOTPAPERS_DB_DOWN_EXIT}: the caller then stops the
     * daemon and exits with 1, so that a supervisor starts a fresh process.
     */
    public CompletableFuture<Void> databaseLost() {
        return databaseLost;
    }

    /** Fires a job once now, on whichever node takes it first (for tests). */
    void runNow(DaemonJob job) throws SchedulerException {
        scheduling.runNow(job);
    }

    /** Jobs judged from now on count from this start; the watchdog looks after the database from here. */
    private void startWatching() {
        try {
            outcomes.scheduled(jobs, app.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the schedule start in job_health: {}", errors.of(e));
        }
        watchdog.start();
    }

    /** What no error text may show: the X token and the database password. */
    /** How this daemon is named in job_health: host and process id. */
    private static String node() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    private String startLine(Map<DaemonJob, Instant> next) {
        HotpapersConfig config = app.config();
        String sources = "arXiv" + (config.x().enabled()
                ? ", X (" + (config.x().fullArchive() ? "full-archive" : "recent") + " search)"
                : "; X off (no X_BEARER_TOKEN)");
        String fires = next.entrySet().stream().filter(entry -> entry.getKey().task() != Task.CATCH_UP)
                .map(entry -> entry.getKey().name() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        return "hotpapers " + App.version() + " daemon started: database " + app.database().describe()
                + "; categories " + String.join(",", config.categories()) + "; sources " + sources + "; next "
                + fires + (health == null ? "" : "; health http://" + config.daemon().httpAddress().getHostString()
                + ":" + health.port() + "/health");
    }
}
