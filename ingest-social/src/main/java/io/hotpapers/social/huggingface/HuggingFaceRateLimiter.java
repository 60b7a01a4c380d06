package io.hotpapers.social.huggingface;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.text.ErrorText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Hugging Face's rate limit (a fixed 5-minute window per IP or token): remembers the {@code RateLimit} header
 * of every answer ({@code "api";r=<remaining>;t=<seconds until the window resets>}) and, when nothing remains, holds
 * the next request until the window resets. The spacing between requests is the {@code RequestSpacer}'s job; this
 * one only listens to what the server says.
 *
 * <p>Each window heard is told to a listener (the module records it in {@code source_rate_limits}, for {@code status}),
 * named by the policy the header names ({@code api}), with the quota of {@code RateLimit-Policy} ({@code q=}) as its
 * limit when sent.
 *
 * <p>A reset further away than the {@link WaitLimit} fails the request with a {@link WaitTooLongException} instead of
 * sleeping (and forgets the window, so that the next round asks again); a wait over a minute is logged.
 */
public final class HuggingFaceRateLimiter implements Interceptor {
    /** {@code r=} and {@code t=} of the header, in whatever order and with whatever else around them. */
    private static final Pattern REMAINING = Pattern.compile("(?:^|;)\\s*r=(\\d{1,9})\\s*(?:;|$)");
    private static final Pattern RESET = Pattern.compile("(?:^|;)\\s*t=(\\d{1,9})\\s*(?:;|$)");
    /** The policy's name, the header's first item ({@code "api"}); a name that is not a plain token is not shown. */
    private static final Pattern POLICY = Pattern.compile("^\\s*\"([A-Za-z0-9_-]{1,32})\"\\s*(?:;|$)");
    /** {@code q=} of {@code RateLimit-Policy}: the requests a window allows. */
    private static final Pattern QUOTA = Pattern.compile("(?:^|;)\\s*q=(\\d{1,9})\\s*(?:;|$)");
    /** The name of hotpapers' window when the header names none it can show: every call it makes is to the API. */
    static final String DEFAULT_POLICY = "api";
    private static final int MAX_HEADER_LENGTH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceRateLimiter.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitLimit waitLimit;
    private final Consumer<RateLimitWindow> heard;
    private Instant exhaustedUntil;
    private volatile RateLimitWindow last;

    public HuggingFaceRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit) {
        this(clock, sleeper, waitLimit, window -> { });
    }

    /** @param heard told each window heard, e.g. {@code window -> rateLimitStore.record("huggingface", window)} */
    public HuggingFaceRateLimiter(Clock clock, Sleeper sleeper, WaitLimit waitLimit, Consumer<RateLimitWindow> heard) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitLimit = waitLimit;
        this.heard = heard;
    }

    /** The window last heard (for {@code /metrics}), or {@code null}. */
    public RateLimitWindow lastWindow() {
        return last;
    }

    @Override
    public synchronized Response intercept(Chain chain) throws IOException {
        if (exhaustedUntil != null && exhaustedUntil.isAfter(clock.instant())) {
            awaitReset(exhaustedUntil);
        }
        exhaustedUntil = null;
        Response response = chain.proceed(chain.request());
        String header = response.header("RateLimit");
        window(header).ifPresent(window -> {
            Instant now = clock.instant();
            if (window.remaining() <= 0) {
                // one second more absorbs the rounding of t= to whole seconds
                exhaustedUntil = WaitLimit.end(now, window.untilReset().plusSeconds(1));
            }
            tell(new RateLimitWindow(policy(header), quota(response.header("RateLimit-Policy")), window.remaining(),
                    WaitLimit.end(now, window.untilReset()), now));
        });
        return response;
    }

    private void tell(RateLimitWindow window) {
        last = window;
        try {
            heard.accept(window);
        } catch (RuntimeException e) {
            // only what status shows is behind; the limiter itself keeps the window
            LOG.debug("Could not record Hugging Face's rate-limit window: {}", ErrorText.withoutSecrets().of(e));
        }
    }

    /** The policy a {@code RateLimit} header names ({@code "api"} gives {@code api}), else {@link #DEFAULT_POLICY}. */
    static String policy(String header) {
        Matcher name = POLICY.matcher(header);
        return name.find() ? name.group(1) : DEFAULT_POLICY;
    }

    /** The quota {@code RateLimit-Policy} states ({@code q=500}), or -1 when it states none readable. */
    static long quota(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return -1;
        }
        Matcher quota = QUOTA.matcher(header);
        return quota.find() ? Long.parseLong(quota.group(1)) : -1;
    }

    /** What the server said of the current window. */
    record Window(long remaining, Duration untilReset) {
    }

    /** The window a {@code RateLimit} header describes; empty when there is none or it cannot be read. */
    static Optional<Window> window(String header) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
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
