package io.hotpapers.core.paper;

import java.time.Duration;
import java.util.List;

/**
 * How hotpapers asks again for the metadata of a listed paper that arXiv's API did not return: attempt
 * {@code n + 1} waits at least {@code spacing[n - 1]} after attempt {@code n}; after the last attempt the id is
 * kept as a permanent skip, with its history.
 *
 * @param spacing the growing waits between attempts; one attempt more than waits
 */
public record MetadataRetryPolicy(List<Duration> spacing) {
    public MetadataRetryPolicy {
        spacing = List.copyOf(spacing);
        if (spacing.stream().anyMatch(wait -> wait.isNegative() || wait.isZero())) {
            throw new IllegalArgumentException("waits between attempts must be positive: " + spacing);
        }
    }

    /** Five attempts: on listing night, then after 1 h, 4 h, 12 h and 24 h. */
    public static MetadataRetryPolicy standard() {
        return new MetadataRetryPolicy(List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12),
                Duration.ofHours(24)));
    }

    public int maxAttempts() {
        return spacing.size() + 1;
    }
}
