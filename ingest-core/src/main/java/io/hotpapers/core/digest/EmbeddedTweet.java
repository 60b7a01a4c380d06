package io.hotpapers.core.digest;

import io.hotpapers.core.tweet.Counts;
import java.time.Instant;
import java.util.regex.Pattern;

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

    /** What X allows in a handle; any other stored username is not put into a URL. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");

    /**
     * The status URL, as Twitter's embed markup links it: with the handle when it is a valid X handle, else with
     * {@code i}, which X redirects to the same post.
     */
    public String statusUrl() {
        boolean validHandle = username != null && HANDLE.matcher(username).matches();
        return "https://twitter.com/" + (validHandle ? username : "i") + "/status/" + tweetId;
    }
}
