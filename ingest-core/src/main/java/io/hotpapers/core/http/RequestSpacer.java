package io.hotpapers.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Lets requests to one service through one at a time, their starts at least {@code interval} apart.
 *
 * <p>One instance is shared by every client of the service (arXiv's query API and listing feeds count
 * together), so the limit holds across the whole process, retries included.
 */
public final class RequestSpacer implements Interceptor {
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ReentrantLock turn = new ReentrantLock(true);
    private Instant lastStart;

    public RequestSpacer(Duration interval, Clock clock, Sleeper sleeper) {
        this.interval = interval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            turn.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a request slot");
        }
        try {
            awaitSlot(chain.request().url().host());
            lastStart = clock.instant();
            return chain.proceed(chain.request());
        } finally {
            turn.unlock();
        }
    }

    private void awaitSlot(String host) throws InterruptedIOException {
        if (lastStart != null) {
            Instant slot = lastStart.plus(interval);
            // bounded by the configured interval; announced only when someone configured it over a minute
            WaitLimit.announce(host, "next request slot", Duration.between(clock.instant(), slot), slot);
            sleeper.sleepUntil(slot, clock, "spacing requests");
        }
    }
}
