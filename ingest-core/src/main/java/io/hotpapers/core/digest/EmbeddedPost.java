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
 */
public record EmbeddedPost(String source, String postId, String username, String displayName, String text,
                           String lang, Instant createdAt, long reposts, long likes, long replies, long quotes,
                           Instant capturedAt, long score) {

    public EmbeddedPost {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(postId, "postId");
    }
}
