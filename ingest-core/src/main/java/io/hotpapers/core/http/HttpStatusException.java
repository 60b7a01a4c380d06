package io.hotpapers.core.http;

import java.time.Duration;
import java.util.Optional;

/** The service answered with an unsuccessful HTTP status. */
public final class HttpStatusException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    /**
     * @param retryAfter how long the service asked us to wait ({@code Retry-After}), or {@code null}
     */
    public HttpStatusException(String service, int status, String detail, Duration retryAfter) {
        super(service + " answered HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
