package io.hotpapers.core.digest;

import java.time.Instant;
import java.util.Objects;

/**
 * A post shown under a paper, with its counts from its latest snapshot at or before the cutoff.
 *
 * @param source the id of the source the post comes from ({@code x}, …)
 * @param postId the source's id of the post
 * @param username the author's handle, or {@code null} when unknown
 * @param displayName the author's name, or {@code null} when unknown
 * @param score what ranks the post: its source's weight times (reposts + likes), capped at the long range
 * @param contentId the source's hash of the post version (a Bluesky cid, which its embed names), or {@code null}
 */
public record EmbeddedPost(String source, String postId, String username, String displayName, String text,
                           String lang, Instant createdAt, long reposts, long likes, long replies, long quotes,
                           Instant capturedAt, long score, String contentId) {

    /** A post without a content hash (X and most sources). */
    public EmbeddedPost(String source, String postId, String username, String displayName, String text, String lang,
                        Instant createdAt, long reposts, long likes, long replies, long quotes, Instant capturedAt,
                        long score) {
        this(source, postId, username, displayName, text, lang, createdAt, reposts, likes, replies, quotes, capturedAt,
                score, null);
    }

    public EmbeddedPost {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(postId, "postId");
    }
}
