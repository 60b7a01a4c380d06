package io.hotpapers.core.digest;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DigestSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The configurable look of a digest post: title prefix, front-matter category, tags and social image. */
public record DigestStyle(String titlePrefix, String category, List<String> tags, String socialImage) {
    public DigestStyle {
        tags = List.copyOf(tags);
    }

    /**
     * The look from the digest settings: the configured tags, or else "arXiv", the tag of each enabled source (X's
     * is "Twitter", as digests always said) and the names of the categories and their archives, each once.
     *
     * @param sources the renderers of the enabled sources, in the configured order
     */
    public static DigestStyle of(DigestSettings settings, List<String> categories, CategoryTaxonomy taxonomy,
                                 List<SourceRenderer> sources) {
        List<String> tags = new ArrayList<>(settings.tags());
        if (tags.isEmpty()) {
            Set<String> derived = new LinkedHashSet<>(List.of("arXiv"));
            sources.forEach(source -> derived.add(source.digestTag()));
            for (String category : categories) {
                taxonomy.name(category).ifPresent(derived::add);
                taxonomy.name(CategoryTaxonomy.archiveOf(category)).ifPresent(derived::add);
            }
            tags.addAll(derived);
        }
        return new DigestStyle(settings.titlePrefix(), settings.category(), tags, settings.socialImage());
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
