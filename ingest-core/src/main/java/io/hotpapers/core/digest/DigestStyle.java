package io.hotpapers.core.digest;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DigestSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The configurable look of a digest post: title prefix, front-matter category, tags and social image.
 *
 * @param watchlist the watchlist whose digests have this look ("" for the daily digest): it names their titles
 */
public record DigestStyle(String titlePrefix, String category, List<String> tags, String socialImage,
                          String watchlist) {
    public DigestStyle {
        tags = List.copyOf(tags);
        Objects.requireNonNull(watchlist, "watchlist");
    }

    /** The look of the daily digest. */
    public DigestStyle(String titlePrefix, String category, List<String> tags, String socialImage) {
        this(titlePrefix, category, tags, socialImage, "");
    }

    /** The same look for a watchlist's digests: "Hot Papers 2021-05-11 — watchlist NAME". */
    public DigestStyle forWatchlist(String name) {
        return new DigestStyle(titlePrefix, category, tags, socialImage, name);
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

    /** "Hot Papers 2021-05-11", or "Hot Papers 2021-05-11 — watchlist NAME" for a watchlist's digest. */
    public String title(LocalDate date) {
        return titlePrefix + " " + date + watchlistSuffix();
    }

    /** "Hot Papers", or "Hot Papers — watchlist NAME": a feed's title. */
    public String feedTitle() {
        return titlePrefix + watchlistSuffix();
    }

    private String watchlistSuffix() {
        return watchlist.isEmpty() ? "" : " \u2014 watchlist " + watchlist;
    }

    /** The address of the date's post published under {@code postsUrl} ({@code DIGEST_SITE_URL}). */
    public String postUrl(String postsUrl, LocalDate date) {
        return postsUrl + (postsUrl.endsWith("/") ? "" : "/") + slug(date);
    }

    /** "hot-papers-2021-05-11": the slug and the file name stem. */
    public String slug(LocalDate date) {
        String words = titlePrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return (words.isEmpty() ? "digest" : words) + "-" + date;
    }
}
