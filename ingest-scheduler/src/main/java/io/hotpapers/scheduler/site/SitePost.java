package io.hotpapers.scheduler.site;

import io.hotpapers.core.digest.EmbeddedPost;
import java.time.Instant;

/**
 * A post under a paper as stored with the digest.
 *
 * @param url the post's vetted web address, or {@code null}
 */
public record SitePost(String source, String postId, String url, String username, String displayName, String text,
                       String lang, Instant createdAt, long score, long reposts, long likes, long replies,
                       long quotes, Instant capturedAt) {

    /** The post as its source's renderer takes it (for the optional embed markup). */
    public EmbeddedPost embedded() {
        return new EmbeddedPost(source, postId, username, displayName, text, lang, createdAt, reposts, likes, replies,
                quotes, capturedAt, score);
    }
}
