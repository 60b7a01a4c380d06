package io.hotpapers.core.config;

/** Root of everything that can be wrong with hotpapers' configuration; always a problem the user can fix. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
