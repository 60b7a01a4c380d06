package io.hotpapers.scheduler.delivery;

import java.time.Duration;

/**
 * A delivery attempt that failed: transient (the channel may accept it later: timeouts, 429, 5xx) or permanent (a
 * refused credential, a rejected address, a 4xx). The message names the channel and never holds a secret.
 */
public final class DeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final transient Duration retryAfter;

    private DeliveryException(String message, boolean transientFailure, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    /** A failure that may pass; {@code retryAfter} is what the channel asked for, or {@code null}. */
    public static DeliveryException transientFailure(String message, Duration retryAfter, Throwable cause) {
        return new DeliveryException(message, true, retryAfter, cause);
    }

    /** A failure that repeating the same request cannot fix. */
    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, false, null, cause);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** How long the channel asked to wait, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
