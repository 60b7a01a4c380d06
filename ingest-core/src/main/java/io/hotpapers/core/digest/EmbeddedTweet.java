package io.hotpapers.core.digest;

import io.hotpapers.core.tweet.Counts;
import java.time.Instant;

/**
 * A tweet shown under a paper, with its counts from its latest snapshot at or before the cutoff.
 *
 * @param username the author's handle, or {@code null} when unknown
 * @param displayName the author's name, or {@code null} when unknown
 */
public record EmbeddedTweet(long tweetId, String username, String displayName, String text, String lang,
                            Instant createdAt, long retweets, long likes, long replies, long quotes,
                            Instant capturedAt) {

    /** What ranks a tweet: retweets plus likes (capped at the long range, never wrapped). */
    public long score() {
        return Counts.add(retweets, likes);
    }

    /** The status URL, as Twitter's embed markup links it. */
    public String statusUrl() {
        return "https://twitter.com/" + (username == null ? "i" : username) + "/status/" + tweetId;
    }
}
