package io.hotpapers.core.tweet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An original tweet that links at least one paper.
 *
 * @param username the author's handle without {@code @}, or {@code null} when X did not expand the author
 * @param displayName the author's display name, or {@code null}
 * @param lang X's language tag, or {@code null}
 */
public record Tweet(
        long tweetId,
        long authorId,
        String username,
        String displayName,
        String text,
        String lang,
        Instant createdAt) {

    public Tweet {
        Objects.requireNonNull(text, "text");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }
}
