package io.hotpapers.core.testing;

import io.hotpapers.core.http.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that only moves the test clock, and remembers every wait: timing asserted without sleeping. */
public final class FakeSleeper implements Sleeper {
    private final MutableClock clock;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public FakeSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        clock.advance(duration);
    }

    public List<Duration> waits() {
        return waits;
    }
}
