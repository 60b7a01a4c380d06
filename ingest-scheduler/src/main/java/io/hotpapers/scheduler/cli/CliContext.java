package io.hotpapers.scheduler.cli;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.scheduler.App;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command may use from the outside world: environment, home directory, clock and output streams.
 * Tests pass their own, so commands run in-process without touching the real environment.
 */
public final class CliContext {
    private final Map<String, String> environment;
    private final Path userHome;
    private final Clock clock;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
    private HotpapersConfig config;

    public CliContext(Map<String, String> environment, Path userHome, Clock clock, PrintWriter out, PrintWriter err) {
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
        return new App(effectiveConfig, clock, Sleeper.SYSTEM, taxonomy);
    }

    /** Runs a command's work with a started application (database up and migrated), and stops it afterwards. */
    public int withApp(HotpapersConfig effectiveConfig, Function<App, Integer> work) {
        App app = startApp(effectiveConfig);
        try {
            return work.apply(app);
        } finally {
            app.stop();
        }
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
