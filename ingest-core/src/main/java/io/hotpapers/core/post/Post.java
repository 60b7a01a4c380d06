package io.hotpapers.core.post;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An original post of any source that links at least one paper.
 *
 * @param source the source's id ({@code x}, {@code bluesky}, …): lower-case letters and digits
 * @param postId the id the source gives the post, as text (an X id, an at:// URI, …)
 * @param authorId the source's stable id of the author, as text
 * @param authorHandle the author's handle without {@code @}, or {@code null} when the source did not say
 * @param authorName the author's display name, or {@code null}
 * @param lang the source's language tag, or {@code null}
 * @param automated whether the author labels the account as a bot (Bluesky's self-label): stored, shown apart and
 *     left out of the score unless the source's setting counts such posts
 * @param contentId the source's hash of this version of the post (a Bluesky cid, which its embed markup names), or
 *     {@code null}
 */
public record Post(
        String source,
        String postId,
        String authorId,
        String authorHandle,
        String authorName,
        String text,
        String lang,
        Instant createdAt,
        boolean automated,
        String contentId) {

    /** A post by a person (not a self-labelled bot), without a content hash: what X and most sources store. */
    public Post(String source, String postId, String authorId, String authorHandle, String authorName, String text,
                String lang, Instant createdAt) {
        this(source, postId, authorId, authorHandle, authorName, text, lang, createdAt, false, null);
    }

    public Post {
        Sources.requireValid(source);
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(text, "text");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }
}
