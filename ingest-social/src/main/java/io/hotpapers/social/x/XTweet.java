package io.hotpapers.social.x;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A post as X API v2 returns it, reduced to what hotpapers uses.
 *
 * @param createdAt when it was posted, or {@code null} when not requested
 * @param metrics its public metrics, or {@code null} when they were not requested
 * @param expandedUrls the expanded targets of its links ({@code entities.urls[].expanded_url})
 * @param retweet whether it is a retweet (which carries its original's counts and is never counted)
 */
public record XTweet(long id, long authorId, String text, String lang, Instant createdAt, XMetrics metrics,
                     List<String> expandedUrls, boolean retweet) {
    public XTweet {
        Objects.requireNonNull(text, "text");
        expandedUrls = List.copyOf(expandedUrls);
    }
}
