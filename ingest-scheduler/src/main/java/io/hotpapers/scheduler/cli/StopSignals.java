package io.hotpapers.scheduler.cli;

import io.hotpapers.core.run.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a {@link StopSignal} request instead of the JVM's immediate shutdown, so
 * that a command stops at its next unit of work, leaves the embedded server cleanly and exits 130 or 143.
 *
 * <p>A shutdown hook cannot tell which signal started the shutdown, hence {@code sun.misc.Signal} (in the
 * {@code jdk.unsupported} module of every OpenJDK). Where it is missing, the JVM's own handling remains: the
 * shutdown hook of {@link CliContext#withApp} requests the stop and waits for it, and the JVM exits 128 plus the
 * signal number itself. A second signal exits at once (after that bounded hook).
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** Installs the handlers for this process; returns whether they could be installed. */
    static boolean install(StopSignal stop) {
        try {
            handle("INT", Cli.INTERRUPTED, stop);
            handle("TERM", Cli.TERMINATED, stop);
            return true;
        } catch (LinkageError | IllegalArgumentException | IllegalStateException e) {
            LOG.debug("Signal handlers unavailable ({}); relying on the JVM's shutdown hooks", e.toString());
            return false;
        }
    }

    @SuppressWarnings("removal")
    private static void handle(String name, int exitCode, StopSignal stop) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
            if (stop.isRequested()) {
                System.exit(exitCode); // a second signal: the user insists
            }
            LOG.info("SIG{}: stopping after the current unit of work (again to stop at once)", name);
            stop.request("SIG" + name, exitCode);
        });
    }
}
