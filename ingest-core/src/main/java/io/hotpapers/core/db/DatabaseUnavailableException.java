package io.hotpapers.core.db;

/** No connection could be made to the configured PostgreSQL; usually transient (server restarting, network). */
public final class DatabaseUnavailableException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
