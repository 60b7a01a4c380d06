package io.hotpapers.core.post;

import java.time.Instant;

/**
 * What a source's rate limiter last heard about one endpoint's window.
 *
 * @param limit requests per window, or -1 when the source did not say
 * @param seenAt when the response that said so arrived
 */
public record RateLimitWindow(String endpoint, long limit, long remaining, Instant reset, Instant seenAt) {
}
