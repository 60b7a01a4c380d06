package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.Daemon;
import io.hotpapers.scheduler.cluster.ScheduleConflictException;
import io.hotpapers.scheduler.cluster.StartCheckException;
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
        // the hook does the whole shutdown: the JVM halts once hooks finish, whatever the main thread does
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            stopped.countDown();
        }, "hotpapers-shutdown"));
        try {
            daemon.start(redefineTriggers.get());
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
