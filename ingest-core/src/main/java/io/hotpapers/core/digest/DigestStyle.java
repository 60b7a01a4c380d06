package io.hotpapers.core.digest;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The configurable look of a digest post: title prefix, front-matter category, tags and social image. */
public record DigestStyle(String titlePrefix, String category, List<String> tags, String socialImage) {
    public DigestStyle {
        tags = List.copyOf(tags);
    }

    /** "Hot Papers 2021-05-11". */
    public String title(LocalDate date) {
        return titlePrefix + " " + date;
    }

    /** "hot-papers-2021-05-11": the slug and the file name stem. */
    public String slug(LocalDate date) {
        String words = titlePrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return (words.isEmpty() ? "digest" : words) + "-" + date;
    }
}
