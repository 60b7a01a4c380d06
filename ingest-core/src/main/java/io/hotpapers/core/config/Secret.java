package io.hotpapers.core.config;

import java.util.Objects;

/**
 * A credential that must never reach a log line, an exception message or the database.
 *
 * <p>{@link #toString()} is redacted, so a {@code Secret} can sit in any record or log argument safely;
 * only code that sends it to its rightful recipient calls {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The clear text, for the one place that sends it (an Authorization header, a JDBC property). */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
