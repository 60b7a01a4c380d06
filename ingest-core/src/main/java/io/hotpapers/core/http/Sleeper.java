package io.hotpapers.core.http;

import java.time.Duration;

/** Waits; injected so that politeness and backoff are tested without real sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** The real thing. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
