package io.hotpapers.core.digest;

import io.hotpapers.core.paper.Paper;
import java.time.Instant;
import java.util.List;

/**
 * One ranked paper of a digest.
 *
 * @param tweetCount how many original tweets linking the paper count toward its score
 * @param snapshotAt the time of the latest snapshot used for its counts
 * @param tweets the tweets to embed, highest score first
 */
public record DigestEntry(int rank, Paper paper, int retweets, int likes, int replies, int quotes, int tweetCount,
                          Instant snapshotAt, List<EmbeddedTweet> tweets) {
    public DigestEntry {
        tweets = List.copyOf(tweets);
    }

    /** The paper's score: retweets plus likes over its tweets. */
    public int score() {
        return retweets + likes;
    }
}
