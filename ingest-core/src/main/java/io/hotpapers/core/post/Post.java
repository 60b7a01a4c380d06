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
 */
public record Post(
        String source,
        String postId,
        String authorId,
        String authorHandle,
        String authorName,
        String text,
        String lang,
        Instant createdAt) {

    public Post {
        Sources.requireValid(source);
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(text, "text");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }
}
