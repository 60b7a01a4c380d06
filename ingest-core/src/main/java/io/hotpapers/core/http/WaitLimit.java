package io.hotpapers.core.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The longest hotpapers waits when a service asks it to ({@code Retry-After}, a rate-limit reset), and the one place
 * that announces long waits: a wait over the limit fails the round instead of sleeping, one over a minute is logged
 * when it starts.
 *
 * @param max the longest acceptable wait ({@code HOTPAPERS_MAX_WAIT})
 */
public record WaitLimit(Duration max) {
    /** The default of {@code HOTPAPERS_MAX_WAIT}: one X rate-limit window. */
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(15);
    /** Waits longer than this get a log line when they start, so that a quiet process is never a mystery. */
    public static final Duration ANNOUNCED_OVER = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(WaitLimit.class);

    public WaitLimit {
        Objects.requireNonNull(max, "max");
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("the longest wait must be positive, got " + max);
        }
    }

    public static WaitLimit standard() {
        return new WaitLimit(DEFAULT_MAX);
    }

    /**
     * Refuses a wait the service asked for when it is longer than the limit.
     *
     * @param endpoint the endpoint that asked ("X API /2/tweets/search/recent")
     * @param reason what the wait is for ("rate-limit window reset")
     * @throws WaitTooLongException when {@code wait} exceeds {@link #max()}
     */
    public void check(String endpoint, String reason, Duration wait, Instant until) {
        if (wait.compareTo(max) > 0) {
            throw new WaitTooLongException(endpoint, reason, wait, until, max);
        }
    }

    /** Checks the wait, then logs one line if it is over a minute: for waits that have no line of their own. */
    public void admit(String endpoint, String reason, Duration wait, Instant until) {
        check(endpoint, reason, wait, until);
        announce(endpoint, reason, wait, until);
    }

    /** When a wait that starts now ends; a wait past the end of time (a hostile header) ends at {@link Instant#MAX}. */
    public static Instant end(Instant now, Duration wait) {
        try {
            return now.plus(wait);
        } catch (ArithmeticException | DateTimeException pastTheEnd) {
            return Instant.MAX;
        }
    }

    /** Logs one line when a wait over a minute starts. */
    public static void announce(String endpoint, String reason, Duration wait, Instant until) {
        if (wait.compareTo(ANNOUNCED_OVER) > 0) {
            LOG.info("{}: waiting {} for the {}, until {}", endpoint, wait, reason, until);
        }
    }
}
