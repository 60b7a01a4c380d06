package io.hotpapers.social.huggingface;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps Hugging Face's rate limit (a fixed 5-minute window per IP or token): remembers the {@code RateLimit} header
 * of every answer ({@code "api";r=<remaining>;t=<seconds until the window resets>}) and, when nothing remains, holds
 * the next request until the window resets. The spacing between requests is the {@code RequestSpacer}'s job; this
 * one only listens to what the server says.
 *
 * <p>A reset further away than the {@link WaitLimit} fails the request with a {@link WaitTooLongException} instead of
 * sleeping (and forgets the window, so that the next round asks again); a wait over a minute is logged.
 */
public final class HuggingFaceRateLimiter implements Interceptor {
    /** {@code r=} and {@code t=} of the header, in whatever order and with whatever else around them. */
    private static final Pattern REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d{1,9})\\s*(?:;|$)");
    private static final Pattern RESET = Pattern.compile("(?:^|;)\\s*t=(\\d{1,9})\\s*(?:;|$)");

    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitLimit waitLimit;
    private Instant exhaustedUntil;

    public HuggingFaceRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        if (exhaustedUntil != null && exhaustedUntil.isAfter(clock.instant())) {
            awaitReset(exhaustedUntil);
        }
        exhaustedUntil = null;
        Response response = chain.proceed(chain.request());
        window(response.header("RateLimit")).ifPresent(window -> {
            if (window.remaining() <= 0) {
                // one second more absorbs the rounding of t= to whole seconds
                exhaustedUntil = WaitLimit.end(clock.instant(), window.untilReset().plusSeconds(1));
            }
        });
        return response;
    }

    /** What the server said of the current window. */
    record Window(long remaining, Duration untilReset) {
    }

    /** The window a {@code RateLimit} header describes; empty when there is none or it cannot be read. */
    static Optional<Window> window(String header) {
        if (header == null || header.length() > 200) {
            return Optional.empty();
        }
        Matcher remaining = REMAINING.matcher(header);
        Matcher reset = RESET.matcher(header);
        if (!remaining.find() || !reset.find()) {
            return Optional.empty();
        }
        return Optional.of(new Window(Long.parseLong(remaining.group(1)),
                Duration.ofSeconds(Long.parseLong(reset.group(1)))));
    }

    private void awaitReset(Instant reset) throws InterruptedIOException {
        String endpoint = "Hugging Face API";
        String reason = "rate-limit window reset (RateLimit r=0)";
        try {
            waitLimit.check(endpoint, reason, Duration.between(clock.instant(), reset), reset);
        } catch (WaitTooLongException e) {
            exhaustedUntil = null;
            throw e;
        }
        WaitLimit.announce(endpoint, reason, Duration.between(clock.instant(), reset), reset);
        sleeper.sleepUntil(reset, clock, "waiting for the Hugging Face rate-limit window");
    }
}
