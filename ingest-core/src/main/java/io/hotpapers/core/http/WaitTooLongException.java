package io.hotpapers.core.http;

import java.time.Duration;
import java.time.Instant;

/**
 * A service asked hotpapers to wait longer than {@code HOTPAPERS_MAX_WAIT} (a far rate-limit reset, a long
 * {@code Retry-After}); permanent for this round: the round fails with this message instead of sleeping, and the
 * next scheduled round asks again.
 */
public final class WaitTooLongException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final transient Instant until;

    public WaitTooLongException(String endpoint, String reason, Duration wait, Instant until, Duration max) {
        super(endpoint + " asks to wait until " + until + " (" + reason + ", " + wait + " from now), longer than "
                + "HOTPAPERS_MAX_WAIT=" + max + "; this round stops here instead of sleeping");
        this.endpoint = endpoint;
        this.until = until;
    }

    /** The endpoint that asked for the wait. */
    public String endpoint() {
        return endpoint;
    }

    /** When the service said it would take requests again. */
    public Instant until() {
        return until;
    }
}
