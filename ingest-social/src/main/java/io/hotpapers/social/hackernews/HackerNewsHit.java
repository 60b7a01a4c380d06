package io.hotpapers.social.hackernews;

import java.time.Instant;
import java.util.Objects;

/**
 * One hit of a Hacker News search, reduced to what hotpapers uses. Only stories are ever posts: a comment that
 * mentions a paper (its {@code story_url} may even link one) is read but never counted.
 *
 * @param id the item id ({@code objectID})
 * @param url the story's link, or {@code null} for Ask HN, text posts and comments
 * @param points the story's points, 0 when the hit did not carry them
 * @param comments the story's {@code num_comments}, 0 when the hit did not carry them
 */
public record HackerNewsHit(long id, Kind kind, String title, String url, String author, long points, long comments,
                            Instant createdAt) {
    /** What the hit is, from its {@code _tags}. */
    public enum Kind { STORY, COMMENT, OTHER }

    public HackerNewsHit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isStory() {
        return kind == Kind.STORY;
    }
}
