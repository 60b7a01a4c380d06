package io.hotpapers.social;

import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import java.util.Set;

/**
 * A post that links at least one paper, with the metrics read with it.
 *
 * @param arxivIds the papers (ids without version) its links resolve to
 * @param snapshot its metrics at the time of reading, or {@code null} when none came with it
 */
public record FoundPost(Post post, Set<String> arxivIds, PostSnapshot snapshot) {
    public FoundPost {
        arxivIds = Set.copyOf(arxivIds);
    }
}
