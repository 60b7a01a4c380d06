package io.hotpapers.core.paper;

import java.time.Instant;

/**
 * Where hotpapers stands with an id whose metadata arXiv's API did not return.
 *
 * @param nextAttemptAt when it may be asked for again, or {@code null} once given up
 * @param givenUpAt when the last attempt failed and the id became a permanent skip, or {@code null}
 */
public record MetadataAttempts(String arxivId, int attempts, Instant firstAttemptAt, Instant lastAttemptAt,
                               Instant nextAttemptAt, Instant givenUpAt, String lastReason) {
    public boolean givenUp() {
        return givenUpAt != null;
    }

    /** One attempt: when, and why it brought nothing. */
    public record Attempt(Instant at, String reason) {
    }
}
