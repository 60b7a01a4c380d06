package io.hotpapers.core.category;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CategoryTaxonomyTest {
    private final CategoryTaxonomy taxonomy = CategoryTaxonomy.load();

    @Test
    void knowsCategoriesAndWholeArchives() {
        assertThat(taxonomy.contains("cs.LG")).isTrue();
        assertThat(taxonomy.contains("cond-mat.stat-mech")).isTrue();
        assertThat(taxonomy.contains("cs")).isTrue();
        assertThat(taxonomy.contains("hep-th")).isTrue();
        assertThat(taxonomy.contains("cs.lg")).isFalse();
        assertThat(taxonomy.name("stat.ML")).contains("Machine Learning");
    }

    @Test
    void everyShippedCodeIsWellFormedAndMarkupIsNot() {
        assertThat(taxonomy.codes()).allMatch(CategoryTaxonomy::isWellFormed);
        assertThat(CategoryTaxonomy.isWellFormed("\"><script>alert(1)</script>")).isFalse();
        assertThat(CategoryTaxonomy.isWellFormed("cs.LG/../../evil")).isFalse();
        assertThat(CategoryTaxonomy.isWellFormed("cs.LG\n# heading")).isFalse();
        assertThat(CategoryTaxonomy.isWellFormed("")).isFalse();
    }

    @Test
    void suggestsTheClosestCodes() {
        assertThat(taxonomy.suggestions("cs.lg")).startsWith("cs.LG");
        assertThat(taxonomy.suggestions("cond-mat.stat-mesh")).startsWith("cond-mat.stat-mech");
        assertThat(taxonomy.suggestions("hep-thx")).startsWith("hep-th");
        assertThat(taxonomy.suggestions("zzzzzzzzzzzzzzzzzz")).isEmpty();
    }

    @Test
    void archiveOfACategory() {
        assertThat(CategoryTaxonomy.archiveOf("cs.LG")).isEqualTo("cs");
        assertThat(CategoryTaxonomy.archiveOf("hep-th")).isEqualTo("hep-th");
    }
}
