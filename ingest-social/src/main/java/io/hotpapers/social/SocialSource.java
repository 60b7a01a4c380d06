package io.hotpapers.social;

import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network hotpapers reads engagement from: finds the posts that link papers, re-reads their metrics and says
 * which are gone. Post networks (X, Bluesky) return posts; a network with paper-level counters (a paper page with
 * votes, as on Hugging Face) returns one post per paper page, keyed by its own id, with the counters mapped onto
 * the metric vocabulary of {@link PostSnapshot} (upvotes are likes, comments replies). Post ids and cursors are
 * text in the source's own format; hotpapers stores them without reading them.
 */
public interface SocialSource {

    /** The source id stored with its posts and cursors ({@code x}): lower-case letters and digits. */
    String name();

    /**
     * How two of this source's cursors compare (a greater one has seen more): the stored cursor only ever moves
     * forward in this order, whatever rounds run concurrently.
     */
    Comparator<String> cursorOrder();

    /**
     * Finds original posts linking the papers, newer than each paper's cursor.
     *
     * @param notBefore the earliest time a post could link these papers (their first submission)
     * @throws DiscoveryCutShortException when a remote failure ends the round early, with what was found before
     */
    Discovery discover(List<PaperTarget> papers, Instant notBefore);

    /**
     * Re-reads the metrics of this source's tracked posts (only its own: each source is asked about the posts it
     * found), in the given order, as far as the budget allows.
     */
    Refresh refresh(List<String> postIds);

    /**
     * What a discovery round found.
     *
     * @param cursors per paper, the cursor of a search that ran to its end: where the next round starts
     * @param budgetExhausted whether the round stopped early because the monthly allowance ran out
     * @param skipped papers the network would not search and posts it sent in a shape it does not define, each
     *     with the reason
     */
    record Discovery(List<FoundPost> posts, Map<String, String> cursors, int requests, long postsRead,
                     boolean budgetExhausted, List<Skip> skipped) {
        public Discovery {
            posts = List.copyOf(posts);
            cursors = Map.copyOf(cursors);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * What a refresh round read.
     *
     * @param gone ids of posts the network reported deleted, protected or suspended
     * @param skipped posts the network sent in a shape it does not define, each with the reason
     */
    record Refresh(List<PostSnapshot> snapshots, Set<String> gone, int requests, long postsRead,
                   boolean budgetExhausted, List<Skip> skipped) {
        public Refresh {
            snapshots = List.copyOf(snapshots);
            gone = Set.copyOf(gone);
            skipped = List.copyOf(skipped);
        }
    }
}
