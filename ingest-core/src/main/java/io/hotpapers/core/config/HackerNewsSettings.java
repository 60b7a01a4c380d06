package io.hotpapers.core.config;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The Hacker News search API (Algolia) and how politely it is read; it needs no credentials.
 *
 * @param apiUrl the API base, {@code https://hn.algolia.com/api/v1} unless a stand-in is configured
 * @param minInterval the least time between the starts of two requests ({@code HN_MIN_INTERVAL})
 */
public record HackerNewsSettings(HttpUrl apiUrl, Duration minInterval) {
    public HackerNewsSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(minInterval, "minInterval");
    }
}
