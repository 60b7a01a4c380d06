package io.hotpapers.scheduler.cli;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.scheduler.App;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What a command may use from the outside world: environment, home directory, clock and output streams.
 * Tests pass their own, so commands run in-process without touching the real environment.
 */
public final class CliContext {
    /** How long a JVM shutdown (SIGHUP, a second Ctrl-C) waits for the command to reach a unit boundary. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Map<String, String> environment;
    private final Path userHome;
    private final Clock clock;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
    private final StopSignal stop;
    private HotpapersConfig config;

    public CliContext(Map<String, String> environment, Path userHome, Clock clock, PrintWriter out, PrintWriter err) {
        this(environment, userHome, clock, out, err, new StopSignal());
    }

    /** With the process's stop signal (see {@link StopSignals}); tests request stops through it. */
    public CliContext(Map<String, String> environment, Path userHome, Clock clock, PrintWriter out, PrintWriter err,
                      StopSignal stop) {
        this.stop = stop;
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** The validated configuration, loaded on first use. */
    public synchronized HotpapersConfig config() {
        if (config == null) {
            config = new ConfigLoader(environment, userHome, taxonomy).load();
        }
        return config;
    }

    /** A started application (database up and migrated); the caller stops it. */
    public App startApp(HotpapersConfig effectiveConfig) {
        App app = newApp(effectiveConfig);
        app.start();
        return app;
    }

    /** An application not started yet (nothing touched the database), for checks that come first. */
    public App newApp(HotpapersConfig effectiveConfig) {
        return new App(effectiveConfig, clock, Sleeper.SYSTEM, taxonomy, stop);
    }

    /**
     * Runs a command's work with a started application (database up and migrated), and stops it afterwards. Should
     * the JVM shut down meanwhile, its hook requests a stop and waits (bounded) for the work to end, so the
     * embedded server is left as on a normal end.
     */
    public int withApp(HotpapersConfig effectiveConfig, Function<App, Integer> work) {
        App app = startApp(effectiveConfig);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.request("shutdown", Cli.TERMINATED);
            awaitQuietly(finished, SHUTDOWN_WAIT);
        }, "hotpapers-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.apply(app);
        } finally {
            app.stop();
            finished.countDown();
            removeHook(hook);
        }
    }

    /** Waits for a latch during shutdown, where an interrupt can only mean "give up". */
    static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    /** The process's stop signal. */
    public StopSignal stop() {
        return stop;
    }

    /** The environment variables the command sees (tests pass their own). */
    public Map<String, String> environment() {
        return environment;
    }

    public CategoryTaxonomy taxonomy() {
        return taxonomy;
    }

    public Clock clock() {
        return clock;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }
}
