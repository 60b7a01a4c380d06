package io.hotpapers.core.http;

/** A transient failure persisted through every allowed attempt; the cause is the last failure. */
public final class RetriesExhaustedException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public RetriesExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
