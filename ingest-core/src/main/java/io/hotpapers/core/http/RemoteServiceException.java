package io.hotpapers.core.http;

/** Root of every failure talking to an external API (arXiv, X): a bad status, a bad body, or no answer at all. */
public class RemoteServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RemoteServiceException(String message) {
        super(message);
    }

    public RemoteServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
