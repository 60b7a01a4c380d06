package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.social.RateLimitWindows;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps Bluesky's rate limits: remembers {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (absolute epoch seconds) of every answer, per host and endpoint (logins have their own
 * window of 10 a day on bsky.social, beside the 3000 per 5 minutes of everything else), and holds a request back
 * until the window resets when nothing remains. A 429 answer counts as nothing remaining.
 *
 * <p>A reset further away than the {@link WaitLimit} fails the request with a {@link WaitTooLongException} instead
 * of sleeping (and forgets that window, so that the next round asks again); a wait over a minute is logged.
 */
public final class BlueskyRateLimiter implements Interceptor {
    private final Clock clock;
    private final RateLimitWindows windows;

    public BlueskyRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this(clock, sleeper, waitLimit, window -> { });
    }

    /** @param heard told each window Bluesky announces, e.g. {@code window -> rateLimitStore.record("bluesky", window)} */
    public BlueskyRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit, Consumer<RateLimitWindow> heard) {
        this.clock = clock;
        this.windows = new RateLimitWindows("Bluesky", "Bluesky", "RateLimit-Remaining", clock, sleeper, waitLimit,
                heard);
    }

    /** The last known window of an endpoint ({@code host/path}), for metrics and tests. */
    public RateLimitWindows.Window window(String hostAndPath) {
        return windows.window(hostAndPath);
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        String key = chain.request().url().host() + chain.request().url().encodedPath();
        RateLimitWindows.Window window = windows.window(key);
        if (window != null && window.remaining() <= 0 && window.reset().isAfter(clock.instant())) {
            windows.awaitReset(key, window.reset());
        }
        Response response = chain.proceed(chain.request());
        String remaining = response.header("RateLimit-Remaining");
        String reset = response.header("RateLimit-Reset");
        if (reset != null && (remaining != null || response.code() == 429)) {
            windows.remember(key, response.header("RateLimit-Limit"), response.code() == 429 ? "0" : remaining,
                    reset);
        }
        return response;
    }
}
