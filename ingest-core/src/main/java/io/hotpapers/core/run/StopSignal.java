package io.hotpapers.core.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop, shared by everything one process runs: set once (by a signal handler, a shutdown hook or
 * the daemon's stop), checked by the services between units of work (dates, pages, batches), so that a stop
 * never cuts a unit in half and never waits for more than the unit in flight.
 */
public final class StopSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String cause;
    private volatile int exitCode;

    /** What stopped the process and the exit code that says so (130 for SIGINT, 143 for SIGTERM). */
    public record Cause(String name, int exitCode) {
    }

    /** Asks everything to stop at its next unit boundary; the first cause wins, later ones change nothing. */
    public synchronized void request(String causeName, int code) {
        if (cause == null) {
            cause = causeName;
            exitCode = code;
            requested.countDown();
        }
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** The cause, once a stop was requested. */
    public Optional<Cause> cause() {
        return isRequested() ? Optional.of(new Cause(cause, exitCode)) : Optional.empty();
    }

    /**
     * Waits up to {@code timeout} for a stop request, for waits that must end at once on a stop (instead of a
     * plain sleep); returns whether a stop was requested.
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Throws {@link StoppedException} when a stop was requested: for loops that have nothing to hand back. */
    public void throwIfRequested(String doing) {
        if (isRequested()) {
            throw new StoppedException(doing + " stopped (" + cause + ")");
        }
    }
}
