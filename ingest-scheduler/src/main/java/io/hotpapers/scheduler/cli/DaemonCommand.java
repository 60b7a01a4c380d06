package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.Daemon;
import io.hotpapers.scheduler.cluster.ScheduleConflictException;
import io.hotpapers.scheduler.cluster.StartCheckException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hotpapers daemon}: the long-running scheduler of all ingestion jobs. */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the scheduled jobs until stopped (SIGTERM or Ctrl-C): listings after each arXiv "
            + "announcement, tweet discovery and snapshots, the daily digest; catches up after downtime.",
            "Several daemons on one database share the jobs (clustered Quartz) and one schedule: the first node "
                + "stores its settings, a node with other settings refuses to start unless given --reschedule."})
final class DaemonCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--reschedule", description = "Replace the cluster's stored schedule (times, intervals, "
            + "categories, sources) and its triggers with this node's settings; without it, a node whose schedule "
            + "settings differ from the cluster's refuses to start.")
    boolean reschedule;

    DaemonCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        App app = context.newApp(context.config());
        Daemon daemon = new Daemon(app);
        Optional<Boolean> redefineTriggers = startChecked(app, daemon);
        if (redefineTriggers.isEmpty()) {
            return Cli.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C and SIGTERM arrive as a stop request (StopSignals); a JVM shutdown without them (SIGHUP, no
        // signal support) requests the same stop here and waits for it, bounded: the JVM halts once hooks finish
        Duration hookWait = app.config().daemon().shutdownGrace().plus(CliContext.SHUTDOWN_WAIT);
        Thread hook = new Thread(() -> {
            context.stop().request("shutdown", Cli.TERMINATED);
            CliContext.awaitQuietly(stopped, hookWait);
        }, "hotpapers-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start(redefineTriggers.get());
            daemon.databaseLost().thenRun(() -> context.stop().request("database lost", Cli.FAILURE));
            while (!context.stop().await(Duration.ofHours(1))) {
                // the daemon's work happens on Quartz threads; this thread only waits for the stop
            }
            return exitCode(daemon);
        } finally {
            daemon.stop();
            stopped.countDown();
            CliContext.removeHook(hook);
        }
    }

    /** 1 when the database stayed away too long: stopped cleanly here, so that a supervisor starts a fresh daemon. */
    private int exitCode(Daemon daemon) {
        if (daemon.databaseLost().isDone()) {
            context.err().println("hotpapers daemon: the database stayed unreachable for "
                    + context.config().daemon().databaseDownExit() + " (HOTPAPERS_DB_DOWN_EXIT); exiting with 1");
            return Cli.FAILURE;
        }
        return context.stop().cause().orElseThrow().exitCode();
    }

    /**
     * Local checks first (paths, HTTP address), then the database and the cluster's schedule; a refusal is one
     * line on stderr and leaves nothing running.
     *
     * @return whether the triggers are to be redefined, or empty when the start was refused
     */
    private Optional<Boolean> startChecked(App app, Daemon daemon) {
        try {
            daemon.checkLocal();
            app.start();
            return Optional.of(daemon.claimSchedule(reschedule));
        } catch (StartCheckException | ScheduleConflictException e) {
            daemon.release();
            context.err().println("hotpapers daemon: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            daemon.release();
            throw e;
        }
    }
}
