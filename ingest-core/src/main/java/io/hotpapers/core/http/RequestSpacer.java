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
 * Lets requests to one service through one at a time, their starts at least {@code interval} apart, or, built
 * with {@link #afterEnd}, each start at least {@code interval} after the previous request ended.
 *
 * <p>One instance is shared by every client of the service (arXiv's query API and listing feeds count
 * together), so the limit holds across the whole process, retries included.
 */
public final class RequestSpacer implements Interceptor {
    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean fromEnd;
    private final ReentrantLock turn = new ReentrantLock(true);
    /** The start, or with {@link #fromEnd} the end, of the previous request. */
    private Instant last;

    public RequestSpacer(Duration interval, Clock clock, Sleeper sleeper) {
        this(interval, clock, sleeper, false);
    }

    private RequestSpacer(Duration interval, Clock clock, Sleeper sleeper, boolean fromEnd) {
        this.interval = interval;
        this.clock = clock;
        this.sleeper = sleeper;
        this.fromEnd = fromEnd;
    }

    /**
     * A spacer counting the interval from the end of the previous request: requests then reach the server at
     * least {@code interval} apart whatever their latency (a request that opened a connection arrives later after
     * its start than the next one on the same connection, so equally spaced starts can arrive closer).
     */
    public static RequestSpacer afterEnd(Duration interval, Clock clock, Sleeper sleeper) {
        return new RequestSpacer(interval, clock, sleeper, true);
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
            last = clock.instant();
            try {
                return chain.proceed(chain.request());
            } finally {
                if (fromEnd) {
                    // a failed request may have reached the server too
                    last = clock.instant();
                }
            }
        } finally {
            turn.unlock();
        }
    }

    private void awaitSlot(String host) throws InterruptedIOException {
        if (last != null) {
            Instant slot = last.plus(interval);
            // bounded by the configured interval; announced only when someone configured it over a minute
            WaitLimit.announce(host, "next request slot", Duration.between(clock.instant(), slot), slot);
            sleeper.sleepUntil(slot, clock, "spacing requests");
        }
    }
}
