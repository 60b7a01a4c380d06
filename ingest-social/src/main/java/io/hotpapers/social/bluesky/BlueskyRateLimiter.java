package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Sleeper sleeper;
    private final WaitLimit waitLimit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public BlueskyRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
    }

    /** What Bluesky last said about an endpoint's window; {@code limit} is -1 when not said. */
    public record Window(long limit, long remaining, Instant reset) {
    }

    /** The last known window of an endpoint ({@code host/path}), for metrics and tests. */
    public Window window(String hostAndPath) {
        return windows.get(hostAndPath);
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        String key = chain.request().url().host() + chain.request().url().encodedPath();
        Window window = windows.get(key);
        if (window != null && window.remaining() <= 0 && window.reset().isAfter(clock.instant())) {
            awaitReset(key, window.reset());
        }
        Response response = chain.proceed(chain.request());
        remember(key, response);
        return response;
    }

    private void remember(String key, Response response) {
        String remaining = response.header("RateLimit-Remaining");
        String reset = response.header("RateLimit-Reset");
        if (reset == null || (remaining == null && response.code() != 429)) {
            return;
        }
        try {
            String limit = response.header("RateLimit-Limit");
            long left = response.code() == 429 ? 0 : Long.parseLong(remaining.strip());
            windows.put(key, new Window(limit == null ? -1 : Long.parseLong(limit.strip()), left,
                    Instant.ofEpochSecond(Long.parseLong(reset.strip()))));
        } catch (NumberFormatException | DateTimeException e) {
            windows.remove(key); // unreadable headers: forget rather than trust a stale window
        }
    }

    private void awaitReset(String key, Instant reset) throws InterruptedIOException {
        String endpoint = "Bluesky " + key;
        String reason = "rate-limit window reset (RateLimit-Remaining: 0)";
        try {
            waitLimit.check(endpoint, reason, Duration.between(clock.instant(), reset), reset);
        } catch (WaitTooLongException e) {
            windows.remove(key);
            throw e;
        }
        // one second more absorbs clock skew between Bluesky and us
        Instant resumeAt = reset.plusSeconds(1);
        WaitLimit.announce(endpoint, reason, Duration.between(clock.instant(), resumeAt), resumeAt);
        sleeper.sleepUntil(resumeAt, clock, "waiting for the Bluesky rate-limit window");
    }
}
