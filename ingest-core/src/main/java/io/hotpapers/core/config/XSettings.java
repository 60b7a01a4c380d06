package io.hotpapers.core.config;

import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The X API v2 endpoint and account capabilities.
 *
 * @param bearerToken the app's bearer token, or {@code null} when X is not configured (social sources off)
 * @param monthlyPostCap the most posts hotpapers may read in a calendar month (X bills per post read)
 * @param maxPagesPerQuery the most pages one search query is followed through with {@code next_token}
 */
public record XSettings(Secret bearerToken, HttpUrl apiUrl, boolean fullArchive, int queryMaxLength,
                        long monthlyPostCap, int maxPagesPerQuery) {
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
