package io.hotpapers.core.http;

/** The service answered, but the body is not what its format promises (truncated, not XML/JSON, missing fields). */
public final class MalformedResponseException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        super(message);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
