package io.hotpapers.core.post;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A post's public engagement counts at one capture time, in the vocabulary every source maps its own names onto
 * (X retweets are reposts; Hacker News points are likes and comments replies; Hugging Face upvotes are likes).
 * Counts are 64-bit (the database stores them as {@code bigint}), never negative.
 *
 * @param bookmarks bookmark count, or {@code null} when the source did not report it
 * @param impressions impression count, or {@code null} when the source did not report it
 */
public record PostSnapshot(
        String source,
        String postId,
        Instant capturedAt,
        long reposts,
        long likes,
        long replies,
        long quotes,
        Long bookmarks,
        Long impressions) {

    public PostSnapshot {
        Sources.requireValid(source);
        Objects.requireNonNull(postId, "postId");
        // PostgreSQL keeps microseconds; truncating keeps the key of a re-sent snapshot identical.
        capturedAt = capturedAt.truncatedTo(ChronoUnit.MICROS);
        if (reposts < 0 || likes < 0 || replies < 0 || quotes < 0 || (bookmarks != null && bookmarks < 0)
                || (impressions != null && impressions < 0)) {
            throw new IllegalArgumentException("negative count in snapshot of " + source + " post " + postId);
        }
    }
}
