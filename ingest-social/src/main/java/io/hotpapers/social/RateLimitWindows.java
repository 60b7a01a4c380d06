package io.hotpapers.social;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.text.ErrorText;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-endpoint rate-limit windows a source's interceptor heard (limit, remaining, reset as epoch seconds): what
 * each endpoint last said, and the wait for a window's reset. Which headers say it, what an endpoint is and when to
 * wait stay with each source's interceptor (X, Bluesky).
 *
 * <p>A reset further away than the {@link WaitLimit} fails the request with a {@link WaitTooLongException} instead of
 * sleeping (and forgets that window, so that the next round asks again); a wait over a minute is logged.
 */
public final class RateLimitWindows {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitWindows.class);

    private final String network;
    private final String endpointPrefix;
    private final String remainingHeader;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitLimit waitLimit;
    private final Consumer<RateLimitWindow> heard;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param network the source's name in log lines ("X")
     * @param endpointPrefix put before an endpoint's key where a wait names it ("X API")
     * @param remainingHeader the header that said nothing remains, for the wait's reason
     * @param heard told each window heard (for {@code status} and {@code /metrics}); its failure never fails a request
     */
    public RateLimitWindows(String network, String endpointPrefix, String remainingHeader, Clock clock,
                            Sleeper sleeper, WaitLimit waitLimit, Consumer<RateLimitWindow> heard) {
        this.network = network;
        this.endpointPrefix = endpointPrefix;
        this.remainingHeader = remainingHeader;
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
        this.heard = heard;
    }

    /** What the source last said about an endpoint's window; {@code limit} is -1 when not said. */
    public record Window(long limit, long remaining, Instant reset) {
    }

    /** The last known window of an endpoint, or {@code null}. */
    public Window window(String key) {
        return windows.get(key);
    }

    /**
     * Remembers what an answer said of the endpoint's window (header values, {@code limit} may be {@code null});
     * unreadable values forget the window rather than trust a stale one.
     */
    public void remember(String key, String limit, String remaining, String reset) {
        try {
            Window window = new Window(limit == null ? -1 : Long.parseLong(limit.strip()),
                    Long.parseLong(remaining.strip()), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
            windows.put(key, window);
            tell(new RateLimitWindow(key, window.limit(), window.remaining(), window.reset(), clock.instant()));
        } catch (NumberFormatException | DateTimeException e) {
            windows.remove(key);
        }
    }

    private void tell(RateLimitWindow window) {
        try {
            heard.accept(window);
        } catch (RuntimeException e) {
            // only what status shows is behind; the limiter itself keeps the window
            LOG.debug("Could not record {}'s rate-limit window of {}: {}", network, window.endpoint(),
                    ErrorText.withoutSecrets().of(e));
        }
    }

    /** Waits for the window to reset (and a second), unless that is further away than the limit: then it fails. */
    public void awaitReset(String key, Instant reset) throws InterruptedIOException {
        String endpoint = endpointPrefix + " " + key;
        String reason = "rate-limit window reset (" + remainingHeader + ": 0)";
        try {
            waitLimit.check(endpoint, reason, Duration.between(clock.instant(), reset), reset);
        } catch (WaitTooLongException e) {
            windows.remove(key);
            throw e;
        }
        // one second more absorbs clock skew between the source and us
        Instant resumeAt = reset.plusSeconds(1);
        WaitLimit.announce(endpoint, reason, Duration.between(clock.instant(), resumeAt), resumeAt);
        sleeper.sleepUntil(resumeAt, clock, "waiting for the " + network + " rate-limit window");
    }
}
