package io.hotpapers.social.x;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.social.RateLimitWindows;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps X's per-endpoint rate limits: remembers {@code x-rate-limit-remaining} and {@code x-rate-limit-reset}
 * from every response, and holds a request back until the window resets when nothing remains. Full-archive
 * search is also held to one request per second.
 *
 * <p>A reset further away than the {@link WaitLimit} fails the request with a {@link WaitTooLongException}
 * instead of sleeping (and forgets that window, so that the next round asks X again); a wait over a minute is
 * logged when it starts.
 */
public final class XRateLimiter implements Interceptor {
    static final String FULL_ARCHIVE_PATH = "/2/tweets/search/all";
    private static final Duration FULL_ARCHIVE_SPACING = Duration.ofSeconds(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final RateLimitWindows windows;
    private volatile Instant lastFullArchiveStart;

    public XRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this(clock, sleeper, waitLimit, window -> { });
    }

    /** @param heard told each window X announces, e.g. {@code window -> rateLimitStore.record("x", window)} */
    public XRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit, Consumer<RateLimitWindow> heard) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.windows = new RateLimitWindows("X", "X API", "x-rate-limit-remaining", clock, sleeper, waitLimit,
                heard);
    }

    /** The last known window of an endpoint (by path), for metrics and status. */
    public RateLimitWindows.Window window(String path) {
        return windows.window(path);
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        String path = chain.request().url().encodedPath();
        RateLimitWindows.Window window = windows.window(path);
        if (window != null && window.remaining() <= 0) {
            windows.awaitReset(path, window.reset());
        }
        if (path.equals(FULL_ARCHIVE_PATH) && lastFullArchiveStart != null) {
            waitUntil(lastFullArchiveStart.plus(FULL_ARCHIVE_SPACING));
        }
        if (path.equals(FULL_ARCHIVE_PATH)) {
            lastFullArchiveStart = clock.instant();
        }
        Response response = chain.proceed(chain.request());
        String remaining = response.header("x-rate-limit-remaining");
        String reset = response.header("x-rate-limit-reset");
        if (remaining != null && reset != null) {
            windows.remember(path, response.header("x-rate-limit-limit"), remaining, reset);
        }
        return response;
    }

    private void waitUntil(Instant moment) throws InterruptedIOException {
        sleeper.sleepUntil(moment, clock, "waiting for the X rate-limit window");
    }
}
