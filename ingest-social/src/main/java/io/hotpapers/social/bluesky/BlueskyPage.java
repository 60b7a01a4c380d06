package io.hotpapers.social.bluesky;

import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.social.FoundPost;
import java.util.List;

/**
 * One answer of {@code getPosts} or {@code searchPosts}.
 *
 * @param posts the readable post views, in the answer's order (quoted posts that link a paper follow their quoter)
 * @param cursor the cursor of the next search page, or {@code null} on the last page (and for getPosts)
 * @param postsRead how many post views the answer held, readable or not
 * @param skipped the post views left out because they break the lexicon, each with the reason
 */
public record BlueskyPage(List<ViewedPost> posts, String cursor, int postsRead, List<Skip> skipped) {
    public BlueskyPage {
        posts = List.copyOf(posts);
        skipped = List.copyOf(skipped);
    }

    /**
     * A post view: its URI, its counts, and the post with its papers when it links any.
     *
     * @param snapshot the counts at the time of reading, or {@code null} when the view carried none (a quoted post)
     * @param linking the post and the papers it links (through its own links or the post it quotes), or {@code null}
     */
    public record ViewedPost(String uri, PostSnapshot snapshot, FoundPost linking) {
    }
}
