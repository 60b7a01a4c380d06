package io.hotpapers.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DigestSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest's tags come from the enabled sources; with X alone they are what the golden digests carry. */
class DigestStyleTest {
    private static final CategoryTaxonomy TAXONOMY = CategoryTaxonomy.load();
    private static final DigestSettings DERIVED = new DigestSettings("Hot Papers", "arXiv", List.of(),
            "/media/flying-marine.jpg", null);

    /** A source without a tag of its own: its id is its tag. */
    private static final SourceRenderer OTHER = new SourceRenderer() {
        @Override
        public String source() {
            return "bluesky";
        }

        @Override
        public String summaryLine(DigestEntry.SourceTotals totals) {
            return "bluesky";
        }

        @Override
        public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
            return Map.of();
        }

        @Override
        public String embedHtml(EmbeddedPost post) {
            return "";
        }

        @Override
        public String url(EmbeddedPost post) {
            return null;
        }
    };

    @Test
    void withXAloneTheTagsAreTheGoldenDigestsOnes() {
        DigestStyle style = DigestStyle.of(DERIVED, List.of("cs.LG"), TAXONOMY, List.of(new XPostRenderer()));

        // the style DigestServiceTest renders its golden files with
        assertThat(style).isEqualTo(new DigestStyle("Hot Papers", "arXiv",
                List.of("arXiv", "Twitter", "Machine Learning", "Computer Science"), "/media/flying-marine.jpg"));
    }

    @Test
    void eachEnabledSourceAddsItsTagAfterArxivAndNoneWithoutSources() {
        assertThat(DigestStyle.of(DERIVED, List.of("cs.LG", "cs.AI"), TAXONOMY,
                List.of(new XPostRenderer(), OTHER)).tags())
                .containsExactly("arXiv", "Twitter", "bluesky", "Machine Learning", "Computer Science",
                        "Artificial Intelligence");
        assertThat(DigestStyle.of(DERIVED, List.of("cs.LG"), TAXONOMY, List.of()).tags())
                .containsExactly("arXiv", "Machine Learning", "Computer Science");
    }

    @Test
    void configuredTagsAreKeptAsTheyAre() {
        DigestSettings configured = new DigestSettings("Hot Papers", "arXiv", List.of("papers", "weekly"),
                "/x.jpg", null);

        assertThat(DigestStyle.of(configured, List.of("cs.LG"), TAXONOMY, List.of(new XPostRenderer(), OTHER)).tags())
                .containsExactly("papers", "weekly");
    }
}
