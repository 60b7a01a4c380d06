package io.hotpapers.arxiv;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured categories (each a category such as {@code cs.LG} or a whole archive such as {@code cs}), and
 * how a paper appears in each of their listings.
 */
public final class CategorySelection {
    private final List<String> configured;
    private final CategoryTaxonomy taxonomy;

    public CategorySelection(List<String> configured, CategoryTaxonomy taxonomy) {
        this.configured = List.copyOf(configured);
        this.taxonomy = taxonomy;
    }

    public List<String> configured() {
        return configured;
    }

    /** A stable key of the selection, for run scopes ({@code cs.LG,stat.ML}). */
    public String key() {
        return configured.stream().sorted().collect(Collectors.joining(","));
    }

    /**
     * The paper's listing in every configured category it belongs to.
     *
     * @param announced how arXiv announced the paper as a whole: {@code new} or {@code replace} for a paper
     *     announced in its primary category ({@code new}/{@code replace} where the primary category is covered,
     *     {@code cross}/{@code replace-cross} elsewhere); {@code cross} or {@code replace-cross} for a paper
     *     announced only as a cross-list (a cross-list in every category)
     */
    public List<Listing> listings(LocalDate mailingDate, String arxivId, List<String> paperCategories,
                                  AnnounceType announced) {
        List<Listing> listings = new ArrayList<>();
        for (String category : configured) {
            if (paperCategories.stream().noneMatch(paperCategory -> covers(category, paperCategory))) {
                continue;
            }
            boolean primary = covers(category, paperCategories.get(0));
            AnnounceType type = switch (announced) {
                case NEW -> primary ? AnnounceType.NEW : AnnounceType.CROSS;
                case REPLACE -> primary ? AnnounceType.REPLACE : AnnounceType.REPLACE_CROSS;
                case CROSS, REPLACE_CROSS -> announced;
            };
            listings.add(new Listing(mailingDate, category, arxivId, type));
        }
        return listings;
    }

    /** The arXiv API expression matching every configured category; archives are spelt out category by category. */
    public String apiQuery() {
        Set<String> terms = new LinkedHashSet<>();
        for (String category : configured) {
            terms.add("cat:" + category);
            if (isArchive(category)) {
                taxonomy.codes().stream()
                        .filter(code -> code.startsWith(category + "."))
                        .forEach(code -> terms.add("cat:" + code));
            }
        }
        return "(" + String.join(" OR ", terms) + ")";
    }

    private static boolean isArchive(String category) {
        return !category.contains(".");
    }

    /** A configured category covers a paper category that equals it, or that belongs to it as an archive. */
    static boolean covers(String configuredCategory, String paperCategory) {
        return paperCategory.equals(configuredCategory)
                || (isArchive(configuredCategory) && CategoryTaxonomy.archiveOf(paperCategory).equals(configuredCategory));
    }
}
