package io.hotpapers.core.config;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/** The arXiv endpoints and the politeness interval shared by all of them. */
public record ArxivSettings(HttpUrl apiUrl, HttpUrl rssUrl, HttpUrl oaiUrl, Duration minInterval) {
    public ArxivSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(rssUrl, "rssUrl");
        Objects.requireNonNull(oaiUrl, "oaiUrl");
        Objects.requireNonNull(minInterval, "minInterval");
    }
}
