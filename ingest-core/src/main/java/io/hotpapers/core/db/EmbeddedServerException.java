package io.hotpapers.core.db;

/** The embedded PostgreSQL in the hotpapers home could not be started, found or stopped. */
public final class EmbeddedServerException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public EmbeddedServerException(String message) {
        super(message);
    }

    public EmbeddedServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
