package io.hotpapers.core.config;

import java.time.Duration;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The Hugging Face endpoint and how politely it is read. Reads need no account; a token raises the rate limit.
 *
 * @param token the user access token ({@code HF_TOKEN} / {@code HF_TOKEN_FILE}), or {@code null} for anonymous reads
 * @param minInterval the least time between two request starts ({@code HF_MIN_INTERVAL})
 * @param absentRecheck how long "this paper has no page" holds before the paper is asked about again
 *     ({@code HF_ABSENT_RECHECK})
 */
public record HuggingFaceSettings(HttpUrl apiUrl, Secret token, Duration minInterval, Period absentRecheck) {
    public HuggingFaceSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(absentRecheck, "absentRecheck");
    }

    /** The token, when one is configured. */
    public Optional<Secret> optionalToken() {
        return Optional.ofNullable(token);
    }
}
