package io.hotpapers.core.http;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits; injected so that politeness and backoff are tested without real sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** The real thing. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits until the clock reaches the moment (not at all if it has), for an OkHttp interceptor: an interrupt
     * becomes the {@link InterruptedIOException} OkHttp expects, with the thread's interrupt flag kept.
     */
    default void sleepUntil(Instant moment, Clock clock, String why) throws InterruptedIOException {
        Duration wait = Duration.between(clock.instant(), moment);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + why);
        }
    }
}
