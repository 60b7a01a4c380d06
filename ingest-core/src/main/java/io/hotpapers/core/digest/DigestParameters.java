package io.hotpapers.core.digest;

import io.hotpapers.core.paper.AnnounceType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What shapes a digest: which listings count, the score thresholds, and how many tweets to embed.
 *
 * @param limit the most papers to list, or 0 for all that qualify
 */
public record DigestParameters(List<String> categories, Set<AnnounceType> announceTypes, int minScore, int limit,
                               int tweetMinScore, int maxTweets) {
    public static final int DEFAULT_MIN_SCORE = 50;
    public static final int DEFAULT_TWEET_MIN_SCORE = 25;
    public static final int DEFAULT_MAX_TWEETS = 10;

    public DigestParameters {
        categories = List.copyOf(categories);
        announceTypes = announceTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(announceTypes));
        if (categories.isEmpty() || announceTypes.isEmpty()) {
            throw new IllegalArgumentException("a digest needs categories and announce types");
        }
        if (minScore < 0 || limit < 0 || tweetMinScore < 0 || maxTweets < 1) {
            throw new IllegalArgumentException("thresholds must not be negative and at least one tweet embedded");
        }
    }

    /** The defaults: new, cross-listed and replaced papers, score 50, tweets of score 25, at most 10 each. */
    public static DigestParameters defaults(List<String> categories) {
        return new DigestParameters(categories, EnumSet.of(AnnounceType.NEW, AnnounceType.CROSS, AnnounceType.REPLACE),
                DEFAULT_MIN_SCORE, 0, DEFAULT_TWEET_MIN_SCORE, DEFAULT_MAX_TWEETS);
    }
}
