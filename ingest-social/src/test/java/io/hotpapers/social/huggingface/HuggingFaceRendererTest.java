package io.hotpapers.social.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The digest's Hugging Face line, counts and link line; stored text is untrusted. */
class HuggingFaceRendererTest {
    private final HuggingFaceRenderer renderer = new HuggingFaceRenderer();

    private static DigestEntry.SourceTotals totals(long upvotes, long comments) {
        return new DigestEntry.SourceTotals("huggingface", 1, 0, upvotes, comments, 0, upvotes);
    }

    private static EmbeddedPost post(String id, String title, long upvotes, long comments) {
        Instant at = Instant.parse("2026-08-20T00:00:00Z");
        return new EmbeddedPost("huggingface", id, null, null, title, null, at, 0, upvotes, comments, 0, at, upvotes);
    }

    @Test
    void theSummaryLineNamesUpvotesAndCommentsOnlyWhenThereAreAny() {
        assertThat(renderer.summaryLine(totals(54, 0))).isEqualTo("hugging face: 54 upvotes");
        assertThat(renderer.summaryLine(totals(1, 1))).isEqualTo("hugging face: 1 upvote, 1 comment");
        assertThat(renderer.summaryLine(totals(54, 3))).isEqualTo("hugging face: 54 upvotes, 3 comments");
    }

    @Test
    void theJsonCountsAreUpvotesAndComments() {
        assertThat(renderer.counts(totals(54, 3))).containsExactly(java.util.Map.entry("upvotes", 54L),
                java.util.Map.entry("comments", 3L));
    }

    @Test
    void theLinkLineEscapesTheTitleAndLinksOnlyAValidId() {
        String html = renderer.embedHtml(post("2608.13558", "<img src=x onerror=alert(1)>\n{{ site }}", 5, 0));

        assertThat(html).isEqualTo("<p class=\"hotpapers-link\" data-source=\"huggingface\"><a href=\""
                + "https://huggingface.co/papers/2608.13558\">Hugging Face paper page</a>: &lt;img src=x "
                + "onerror=alert(1)&gt; &#123;&#123; site &#125;&#125; (5 upvotes)</p>");
        assertThat(html).doesNotContain("\n");

        EmbeddedPost forged = post("2608.1\"><script>", "t", 1, 0);
        assertThat(renderer.url(forged)).isNull();
        assertThat(renderer.embedHtml(forged)).doesNotContain("<a ").doesNotContain("<script>");
    }
}
