package io.hotpapers.core.tweet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A tweet's public engagement counts at one capture time; counts are 64-bit (the database stores them as
 * {@code bigint}), never negative.
 *
 * @param bookmarks bookmark count, or {@code null} when X did not report it
 * @param impressions impression count, or {@code null} when X did not report it
 */
public record TweetSnapshot(
        long tweetId,
        Instant capturedAt,
        long retweets,
        long likes,
        long replies,
        long quotes,
        Long bookmarks,
        Long impressions) {

    public TweetSnapshot {
        // PostgreSQL keeps microseconds; truncating keeps the key of a re-sent snapshot identical.
        capturedAt = capturedAt.truncatedTo(ChronoUnit.MICROS);
        if (retweets < 0 || likes < 0 || replies < 0 || quotes < 0 || (bookmarks != null && bookmarks < 0)
                || (impressions != null && impressions < 0)) {
            throw new IllegalArgumentException("negative count in snapshot of tweet " + tweetId);
        }
    }
}
