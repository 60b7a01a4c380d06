package io.hotpapers.social;

import io.hotpapers.core.run.Skip;
import io.hotpapers.core.tweet.TweetSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A social network hotpapers reads: finds the posts that link papers, and re-reads their metrics. X is the first;
 * others (Bluesky, Mastodon, Hacker News) implement the same two calls.
 */
public interface SocialSource {

    /** The name stored with posts and snapshots ({@code x}). */
    String name();

    /**
     * Finds original posts linking the papers, newer than each paper's {@code sinceId}.
     *
     * @param notBefore the earliest time a post could link these papers (their first submission)
     * @throws DiscoveryCutShortException when a remote failure ends the round early, with what was found before
     */
    Discovery discover(List<PaperTarget> papers, Instant notBefore);

    /** Re-reads the metrics of tracked posts, in the given order, as far as the budget allows. */
    Refresh refresh(List<Long> postIds);

    /**
     * What a discovery round found.
     *
     * @param newestPostIds per paper, the newest post id seen by a search that ran to its end: the next since_id
     * @param budgetExhausted whether the round stopped early because the monthly allowance ran out
     * @param skipped papers the network would not search and posts it sent in a shape it does not define, each
     *     with the reason
     */
    record Discovery(List<FoundPost> posts, Map<String, Long> newestPostIds, int requests, long postsRead,
                     boolean budgetExhausted, List<Skip> skipped) {
        public Discovery {
            posts = List.copyOf(posts);
            newestPostIds = Map.copyOf(newestPostIds);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * What a refresh round read.
     *
     * @param gone posts the network reported deleted, protected or suspended
     * @param skipped posts the network sent in a shape it does not define, each with the reason
     */
    record Refresh(List<TweetSnapshot> snapshots, Set<Long> gone, int requests, long postsRead,
                   boolean budgetExhausted, List<Skip> skipped) {
        public Refresh {
            snapshots = List.copyOf(snapshots);
            gone = Set.copyOf(gone);
            skipped = List.copyOf(skipped);
        }
    }
}
