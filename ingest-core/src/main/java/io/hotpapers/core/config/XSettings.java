package io.hotpapers.core.config;

import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The X API v2 endpoint and account capabilities.
 *
 * @param bearerToken the app's bearer token, or {@code null} when X is not configured (social sources off)
 */
public record XSettings(Secret bearerToken, HttpUrl apiUrl, boolean fullArchive, int queryMaxLength) {
    public XSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    /** The bearer token, when one is configured. */
    public Optional<Secret> token() {
        return Optional.ofNullable(bearerToken);
    }

    /** Whether tweets can be searched at all. */
    public boolean enabled() {
        return bearerToken != null;
    }
}
