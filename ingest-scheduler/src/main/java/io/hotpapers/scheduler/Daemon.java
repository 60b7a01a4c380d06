package io.hotpapers.scheduler;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.scheduler.health.DaemonHealth;
import io.hotpapers.scheduler.health.DatabaseWatchdog;
import io.hotpapers.scheduler.health.HealthServer;
import io.hotpapers.scheduler.jobs.ErrorText;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.JobMetrics;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import io.hotpapers.scheduler.jobs.QuartzScheduling;
import io.hotpapers.scheduler.jobs.Task;
import io.hotpapers.scheduler.jobs.TaskJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
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
    private final DatabaseWatchdog watchdog;
    private final CompletableFuture<Void> databaseLost = new CompletableFuture<>();
    private volatile boolean stopped;

    /** The exit code of a stop that no signal asked for: what SIGTERM, the usual way to stop a daemon, gives. */
    private static final int STOPPED = 143;

    public Daemon(App app) {
        this(app, Sleeper.SYSTEM);
    }

    /** @param sleeper how the database watchdog waits between its looks */
    Daemon(App app, Sleeper sleeper) {
        this.app = app;
        DaemonSettings settings = app.config().daemon();
        ErrorText errors = new ErrorText(secrets(app.config()));
        this.outcomes = app.jobOutcomes();
        JobMetrics metrics = new JobMetrics(app.metrics(), app.clock(), outcomes, errors, node());
        this.scheduling = new QuartzScheduling(app.database().dataSource(), settings,
                (bundle, scheduler) -> new TaskJob(app.jobs(), metrics, app.stopSignal()));
        // runs this node starts name its Quartz instance, so other nodes can tell when it is gone
        app.runs().joinScheduler(scheduling.instanceId());
        this.watchdog = new DatabaseWatchdog(app.database(), settings.databaseDownExit(), app.clock(), sleeper,
                app.metrics(), errors::sanitize, () -> databaseLost.complete(null));
        this.health = settings.httpAddress() == null ? null : new HealthServer(settings.httpAddress(),
                new DaemonHealth(watchdog, scheduling::isRunning, outcomes, metrics, new JobHealth(settings),
                        app.clock()), app.metrics());
    }

    /** Starts scheduling and the endpoint, and says so in one line. */
    public void start() {
        try {
            scheduling.start();
            if (health != null) {
                health.start();
            }
            LOG.info(startLine(scheduling.nextFireTimes()));
            startWatching();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + app.config().daemon().httpAddress() + " (set "
                    + "HOTPAPERS_HTTP_ADDRESS, or off): " + e.getMessage(), e);
        }
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
    void runNow(Task task) throws SchedulerException {
        scheduling.runNow(task);
    }

    /** Jobs judged from now on count from this start; the watchdog looks after the database from here. */
    private void startWatching() {
        try {
            outcomes.scheduled(app.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the schedule start in job_health: {}", e.getMessage());
        }
        watchdog.start();
    }

    /** What no error text may show: the X token and the database password. */
    private static List<String> secrets(HotpapersConfig config) {
        List<String> secrets = new ArrayList<>();
        if (config.x().bearerToken() != null) {
            secrets.add(config.x().bearerToken().reveal());
        }
        if (config.database() instanceof DatabaseSettings.External external && external.password() != null) {
            secrets.add(external.password().reveal());
        }
        return secrets;
    }

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

    private String startLine(Map<Task, Instant> next) {
        HotpapersConfig config = app.config();
        String sources = "arXiv" + (config.x().enabled()
                ? ", X (" + (config.x().fullArchive() ? "full-archive" : "recent") + " search)"
                : "; X off (no X_BEARER_TOKEN)");
        String fires = next.entrySet().stream().filter(entry -> entry.getKey() != Task.CATCH_UP)
                .map(entry -> entry.getKey().jobName() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        return "hotpapers " + App.version() + " daemon started: database " + app.database().describe()
                + "; categories " + String.join(",", config.categories()) + "; sources " + sources + "; next "
                + fires + (health == null ? "" : "; health http://" + config.daemon().httpAddress().getHostString()
                + ":" + health.port() + "/health");
    }
}
