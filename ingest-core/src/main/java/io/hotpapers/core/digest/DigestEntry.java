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
 * @param stalePosts how many of the counted posts were last read before the cutoff's UTC day (a budget too small
 *     to read them that day): their counts may be behind
 */
public record DigestEntry(int rank, Paper paper, long score, long reposts, long likes, long replies, long quotes,
                          int postCount, Instant snapshotAt, Map<String, SourceTotals> sources,
                          List<EmbeddedPost> posts, int stalePosts) {
    public DigestEntry {
        sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
        posts = List.copyOf(posts);
    }

    /** An entry whose every counted post was read on the cutoff's UTC day. */
    public DigestEntry(int rank, Paper paper, long score, long reposts, long likes, long replies, long quotes,
                       int postCount, Instant snapshotAt, Map<String, SourceTotals> sources, List<EmbeddedPost> posts) {
        this(rank, paper, score, reposts, likes, replies, quotes, postCount, snapshotAt, sources, posts, 0);
    }

    /** The same entry at another rank. */
    public DigestEntry ranked(int newRank) {
        return new DigestEntry(newRank, paper, score, reposts, likes, replies, quotes, postCount, snapshotAt, sources,
                posts, stalePosts);
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
