package io.hotpapers.core.config;

import java.util.List;
import java.util.Objects;

/**
 * How digests look: the post title prefix, the front-matter category, tags and social image, and the site the
 * posts are published on (for the Atom feed's links), all configurable.
 *
 * @param tags the front-matter tags, or empty to derive them ("arXiv", "Twitter", then category names)
 * @param siteUrl the URL under which posts are published (e.g. {@code https://example.org/posts/}), or {@code null}
 */
public record DigestSettings(String titlePrefix, String category, List<String> tags, String socialImage,
                             String siteUrl) {
    public DigestSettings {
        Objects.requireNonNull(titlePrefix, "titlePrefix");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(socialImage, "socialImage");
        tags = List.copyOf(tags);
    }

    public static DigestSettings defaults() {
        return new DigestSettings("Hot Papers", "arXiv", List.of(), "/media/flying-marine.jpg", null);
    }
}
