package io.hotpapers.core.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The arXiv endpoints, the politeness interval shared by all of them, and holidays beyond the shipped list.
 *
 * @param extraHolidays US Eastern dates without an evening announcement, added to those hotpapers ships
 */
public record ArxivSettings(HttpUrl apiUrl, HttpUrl rssUrl, Duration minInterval,
                            List<LocalDate> extraHolidays) {
    public ArxivSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(rssUrl, "rssUrl");
        Objects.requireNonNull(minInterval, "minInterval");
        extraHolidays = List.copyOf(extraHolidays);
    }
}
