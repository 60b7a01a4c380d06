package io.hotpapers.scheduler;

import io.hotpapers.core.run.StopSignal;
import io.hotpapers.scheduler.cli.Cli;
import io.hotpapers.scheduler.cli.CliContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point of {@code hotpapers.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // charts are drawn off-screen, also on machines with a display
        System.setProperty("java.awt.headless", "true");
        StopSignal stop = new StopSignal();
        CliContext context = new CliContext(System.getenv(), Path.of(System.getProperty("user.home")),
                Clock.systemUTC(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), stop);
        Cli.installSignalHandlers(stop);
        System.exit(Cli.run(context, args));
    }
}
