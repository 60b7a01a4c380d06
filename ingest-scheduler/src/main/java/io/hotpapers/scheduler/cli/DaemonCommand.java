package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.Daemon;
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
        // the hook does the whole shutdown: the JVM halts once hooks finish, whatever the main thread does
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            stopped.countDown();
        }, "hotpapers-shutdown"));
        try {
            daemon.start();
        } catch (RuntimeException e) {
            daemon.stop();
            throw e;
        }
        daemon.databaseLost().thenRun(stopped::countDown);
        stopped.await();
        return exitCode(daemon);
    }

    /** 1 when the database stayed away too long: stopped cleanly here, so that a supervisor starts a fresh daemon. */
    private int exitCode(Daemon daemon) {
        if (!daemon.databaseLost().isDone()) {
            return Cli.OK;
        }
        daemon.stop();
        context.err().println("hotpapers daemon: the database stayed unreachable for "
                + context.config().daemon().databaseDownExit() + " (HOTPAPERS_DB_DOWN_EXIT); exiting with 1");
        return Cli.FAILURE;
    }
}
