package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.Daemon;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code hotpapers daemon}: the long-running scheduler of all ingestion jobs. */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the scheduled jobs until stopped (SIGTERM or Ctrl-C): listings after each arXiv "
            + "announcement, tweet discovery and snapshots, the daily digest; catches up after downtime.",
            "Several daemons on one database share the jobs (clustered Quartz)."})
final class DaemonCommand implements Callable<Integer> {
    private final CliContext context;

    DaemonCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        App app = context.startApp(context.config());
        Daemon daemon = new Daemon(app);
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
            daemon.start();
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
}
