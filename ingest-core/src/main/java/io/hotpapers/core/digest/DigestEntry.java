package io.hotpapers.core.digest;

import io.hotpapers.core.paper.Paper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ranked paper of a digest.
 *
 * @param score Σ over sources of weight(source) × (reposts + likes), capped at the long range
 * @param reposts reposts over every source (X retweets, Bluesky reposts, …); likes, replies and quotes likewise
 * @param postCount how many original posts linking the paper count toward its score
 * @param snapshotAt the time of the latest snapshot used for its counts
 * @param sources the totals per source id, in source id order, for the sources with posts linking the paper
 * @param posts the posts to embed, highest score first
 */
public record DigestEntry(int rank, Paper paper, long score, long reposts, long likes, long replies, long quotes,
                          int postCount, Instant snapshotAt, Map<String, SourceTotals> sources,
                          List<EmbeddedPost> posts) {
    public DigestEntry {
        sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
        posts = List.copyOf(posts);
    }

    /** The same entry at another rank. */
    public DigestEntry ranked(int newRank) {
        return new DigestEntry(newRank, paper, score, reposts, likes, replies, quotes, postCount, snapshotAt, sources,
                posts);
    }

    /**
     * One source's part of a paper's engagement.
     *
     * @param score weight(source) × (reposts + likes)
     */
    public record SourceTotals(String source, int posts, long reposts, long likes, long replies, long quotes,
                               long score) {
    }
}
