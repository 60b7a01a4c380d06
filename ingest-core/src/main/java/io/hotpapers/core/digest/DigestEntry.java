package io.hotpapers.core.digest;

import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.tweet.Counts;
import java.time.Instant;
import java.util.List;

/**
 * One ranked paper of a digest.
 *
 * @param tweetCount how many original tweets linking the paper count toward its score
 * @param snapshotAt the time of the latest snapshot used for its counts
 * @param tweets the tweets to embed, highest score first
 */
public record DigestEntry(int rank, Paper paper, long retweets, long likes, long replies, long quotes, int tweetCount,
                          Instant snapshotAt, List<EmbeddedTweet> tweets) {
    public DigestEntry {
        tweets = List.copyOf(tweets);
    }

    /** The paper's score: retweets plus likes over its tweets (capped at the long range, never wrapped). */
    public long score() {
        return Counts.add(retweets, likes);
    }
}
