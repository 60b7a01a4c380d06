package io.hotpapers.social;

import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Stores what a source found: its own posts with the papers they link and their first snapshots, and the skips;
 * shared by discovery rounds and stream consumers, so both store a post the same way (idempotently).
 */
public final class FoundPostWriter {
    private final PostStore posts;
    private final SnapshotStore snapshots;
    private final IngestRunStore runs;

    public FoundPostWriter(PostStore posts, SnapshotStore snapshots, IngestRunStore runs) {
        this.posts = posts;
        this.snapshots = snapshots;
        this.runs = runs;
    }

    /** What was stored: the source's own posts, the snapshots that were new, and the skips recorded. */
    public record Stored(int posts, int snapshots, int skipped) {
    }

    /**
     * Stores the posts of {@code source} and their snapshots, then records the skips under the run; a post or
     * snapshot sent under another source's name is not stored but skipped with the reason.
     */
    public Stored store(String source, Collection<FoundPost> found, Collection<Skip> skips, long runId) {
        // a source answers for its own posts only: anything else it sends is skipped, with the reason
        List<FoundPost> own = found.stream().filter(post -> isOwn(source, post)).toList();
        List<Skip> skipped = new ArrayList<>(skips);
        found.stream().filter(post -> !isOwn(source, post)).forEach(post -> skipped.add(new Skip(
                post.post().source() + " post " + post.post().postId(), "sent by source " + source)));
        posts.upsert(own.stream().map(post -> new LinkedPost(post.post(), post.arxivIds())).toList());
        List<PostSnapshot> taken = own.stream().map(FoundPost::snapshot).filter(Objects::nonNull).toList();
        int appended = snapshots.append(taken);
        runs.recordSkips(runId, skipped);
        return new Stored(own.size(), appended, skipped.size());
    }

    private static boolean isOwn(String source, FoundPost post) {
        return post.post().source().equals(source)
                && (post.snapshot() == null || post.snapshot().source().equals(source));
    }
}
