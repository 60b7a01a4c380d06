package io.hotpapers.core.config;

import java.nio.file.Path;

/** The properties file exists but cannot be read or parsed. */
public final class UnreadableConfigFileException extends ConfigException {
    private static final long serialVersionUID = 1L;

    public UnreadableConfigFileException(Path file, Throwable cause) {
        super("cannot read " + file + ": " + cause.getMessage(), cause);
    }
}
