package io.hotpapers.social.x;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.text.ErrorText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(XRateLimiter.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitLimit waitLimit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile Instant lastFullArchiveStart;
    /** Told each window heard (for {@code status} and {@code /metrics}); its failure never fails a request. */
    private final Consumer<RateLimitWindow> heard;

    public XRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this(clock, sleeper, waitLimit, window -> { });
    }

    /** @param heard told each window X announces, e.g. {@code window -> rateLimitStore.record("x", window)} */
    public XRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit, Consumer<RateLimitWindow> heard) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
        this.heard = heard;
    }

    /** What X last said about an endpoint's window. */
    public record Window(long limit, long remaining, Instant reset) {
    }

    /** The last known window of an endpoint (by path), for metrics and status. */
    public Window window(String path) {
        return windows.get(path);
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        String path = chain.request().url().encodedPath();
        Window window = windows.get(path);
        if (window != null && window.remaining() <= 0) {
            awaitReset(path, window.reset());
        }
        if (path.equals(FULL_ARCHIVE_PATH) && lastFullArchiveStart != null) {
            waitUntil(lastFullArchiveStart.plus(FULL_ARCHIVE_SPACING));
        }
        if (path.equals(FULL_ARCHIVE_PATH)) {
            lastFullArchiveStart = clock.instant();
        }
        Response response = chain.proceed(chain.request());
        remember(path, response);
        return response;
    }

    private void remember(String path, Response response) {
        String remaining = response.header("x-rate-limit-remaining");
        String reset = response.header("x-rate-limit-reset");
        if (remaining == null || reset == null) {
            return;
        }
        try {
            String limit = response.header("x-rate-limit-limit");
            Window window = new Window(limit == null ? -1 : Long.parseLong(limit.strip()),
                    Long.parseLong(remaining.strip()), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
            windows.put(path, window);
            tell(new RateLimitWindow(path, window.limit(), window.remaining(), window.reset(), clock.instant()));
        } catch (NumberFormatException | DateTimeException e) {
            windows.remove(path); // unreadable headers: forget rather than trust a stale window
        }
    }

    private void tell(RateLimitWindow window) {
        try {
            heard.accept(window);
        } catch (RuntimeException e) {
            // only what status shows is behind; the limiter itself keeps the window
            LOG.debug("Could not record X's rate-limit window of {}: {}", window.endpoint(),
                    ErrorText.withoutSecrets().of(e));
        }
    }

    /** Waits for the window to reset, unless that is further away than the limit: then the round fails. */
    private void awaitReset(String path, Instant reset) throws InterruptedIOException {
        String endpoint = "X API " + path;
        String reason = "rate-limit window reset (x-rate-limit-remaining: 0)";
        Duration untilReset = Duration.between(clock.instant(), reset);
        try {
            waitLimit.check(endpoint, reason, untilReset, reset);
        } catch (WaitTooLongException e) {
            windows.remove(path);
            throw e;
        }
        // one second more absorbs clock skew between X and us
        Instant resumeAt = reset.plusSeconds(1);
        WaitLimit.announce(endpoint, reason, Duration.between(clock.instant(), resumeAt), resumeAt);
        waitUntil(resumeAt);
    }

    private void waitUntil(Instant moment) throws InterruptedIOException {
        sleeper.sleepUntil(moment, clock, "waiting for the X rate-limit window");
    }
}
