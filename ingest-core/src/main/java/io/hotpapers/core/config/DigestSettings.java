package io.hotpapers.core.config;

import io.hotpapers.core.post.ScoreWeights;
import java.util.List;
import java.util.Objects;

/**
 * How digests look: the post title prefix, the front-matter category, tags and social image, and the site the
 * posts are published on (for the Atom feed's links), all configurable.
 *
 * @param tags the front-matter tags, or empty to derive them ("arXiv", each enabled source's tag, then category
 *     names: see DigestStyle)
 * @param siteUrl the URL under which posts are published (e.g. {@code https://example.org/posts/}), or {@code null}
 * @param scoreWeights how much each source's reposts + likes count toward a paper's score
 */
public record DigestSettings(String titlePrefix, String category, List<String> tags, String socialImage,
                             String siteUrl, ScoreWeights scoreWeights) {
    public DigestSettings {
        Objects.requireNonNull(scoreWeights, "scoreWeights");
        Objects.requireNonNull(titlePrefix, "titlePrefix");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(socialImage, "socialImage");
        tags = List.copyOf(tags);
    }

    /** Settings that weigh every source 1. */
    public DigestSettings(String titlePrefix, String category, List<String> tags, String socialImage,
                          String siteUrl) {
        this(titlePrefix, category, tags, socialImage, siteUrl, ScoreWeights.DEFAULT);
    }

    public static DigestSettings defaults() {
        return new DigestSettings("Hot Papers", "arXiv", List.of(), "/media/flying-marine.jpg", null);
    }
}
