package io.hotpapers.bench;

import io.hotpapers.core.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time for the API scenarios: it runs with the wall clock (so the work between requests counts as it would), while
 * every wait (politeness, rate-limit resets, retries) passes at once and moves the clock by its length. The code
 * under test and the stand-ins read the same clock, so a stand-in sees requests spaced exactly as they would be in
 * real time, and the scenario takes seconds instead of the quarter-hours the real limits impose.
 */
final class SimulatedTime extends Clock implements Sleeper {
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final AtomicLong skippedNanos = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();

    SimulatedTime(Instant start) {
        this.start = start;
    }

    /** Moves the clock on without waiting (a day passing between two rounds); not counted as a wait. */
    void advance(Duration duration) {
        skippedNanos.addAndGet(duration.toNanos());
    }

    /** The sum of the waits the code asked for since the start. */
    Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative()) {
            skippedNanos.addAndGet(duration.toNanos());
            waitedNanos.addAndGet(duration.toNanos());
        }
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos + skippedNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
