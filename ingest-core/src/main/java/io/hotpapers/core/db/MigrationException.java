package io.hotpapers.core.db;

/** The schema migrations in {@code sql/} could not be validated or applied. */
public final class MigrationException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
