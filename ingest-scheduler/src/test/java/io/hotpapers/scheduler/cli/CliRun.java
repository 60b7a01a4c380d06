package io.hotpapers.scheduler.cli;

import io.hotpapers.core.testing.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in-process, as a user would in a shell, and keeps what it printed. */
final class CliRun {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final Path home;
    private final MutableClock clock;

    CliRun(Path home, String now) {
        this.home = home;
        this.clock = MutableClock.at(now);
    }

    /** Runs one command with the environment; output accumulates until {@link #clear()}. */
    int run(Map<String, String> environment, String... args) {
        CliContext context = new CliContext(environment, home, clock, new PrintWriter(out, true),
                new PrintWriter(err, true));
        return Cli.run(context, args);
    }

    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    String firstErrorLine() {
        return err.toString().lines().findFirst().orElse("");
    }
}
