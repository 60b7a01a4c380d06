package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.Retrier;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;

/** How long a 429 asks to wait: {@code Retry-After}, else until {@code RateLimit-Reset} (epoch seconds) and a second. */
final class RateLimitReset {
    private RateLimitReset() {
    }

    static Duration retryAfter(Response response, Clock clock) {
        Duration retryAfter = Retrier.parseRetryAfter(response.header("Retry-After"), clock);
        String reset = response.header("RateLimit-Reset");
        if (response.code() != 429 || retryAfter != null || reset == null) {
            return retryAfter;
        }
        try {
            Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())))
                    .plusSeconds(1);
            return untilReset.isNegative() ? Duration.ZERO : untilReset;
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }
}
