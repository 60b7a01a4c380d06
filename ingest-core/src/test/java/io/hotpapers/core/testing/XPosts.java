package io.hotpapers.core.testing;

import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import java.time.Instant;

/** X posts and snapshots for tests, written as X gives them: numeric ids. */
public final class XPosts {
    public static final String X = "x";

    private XPosts() {
    }

    public static Post post(long id, long authorId, String username, String displayName, String text, String lang,
                            Instant createdAt) {
        return new Post(X, Long.toString(id), Long.toString(authorId), username, displayName, text, lang, createdAt);
    }

    public static PostSnapshot snapshot(long id, Instant capturedAt, long reposts, long likes, long replies,
                                        long quotes, Long bookmarks, Long impressions) {
        return new PostSnapshot(X, Long.toString(id), capturedAt, reposts, likes, replies, quotes, bookmarks,
                impressions);
    }

    /** The id as the store keeps it. */
    public static String id(long id) {
        return Long.toString(id);
    }
}
