package io.hotpapers.social;

import io.hotpapers.core.tweet.Tweet;
import io.hotpapers.core.tweet.TweetSnapshot;
import java.util.Set;

/**
 * A post that links at least one paper, with the metrics read with it.
 *
 * @param arxivIds the papers (ids without version) its links resolve to
 * @param snapshot its metrics at the time of reading, or {@code null} when none came with it
 */
public record FoundPost(Tweet tweet, Set<String> arxivIds, TweetSnapshot snapshot) {
    public FoundPost {
        arxivIds = Set.copyOf(arxivIds);
    }
}
