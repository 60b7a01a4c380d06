package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class AtomParserTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final AtomParser parser = new AtomParser(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anEntryDatedInTheFutureOrBeforeArxivIsSkippedWithItsReasonAndTheRestIsRead() {
        byte[] body = AtomBodies.feed(4, 0, List.of(
                AtomBodies.entry("2611.00001", 1, "2026-11-29T10:00:00Z", "2026-11-29T10:00:00Z", "cs.LG"),
                AtomBodies.entry("2611.00002", 1, "3000-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "cs.LG"),
                AtomBodies.entry("2611.00003", 2, "1990-01-01T00:00:00Z", "2026-11-29T10:00:00Z", "cs.LG"),
                AtomBodies.entry("2611.00004", 2, "2026-11-29T10:00:00Z", "2026-11-30T12:30:00Z", "cs.LG")))
                .getBytes(StandardCharsets.UTF_8);

        ApiPage page = parser.parse(body);

        assertThat(page.papers()).extracting(Paper::arxivId).containsExactly("2611.00001");
        assertThat(page.skipped()).containsExactly(
                new Skip("2611.00002", "published date is in the future (3000-01-01T00:00:00Z)"),
                new Skip("2611.00003", "published date is before arXiv existed (1990-01-01T00:00:00Z)"),
                new Skip("2611.00004", "updated date is in the future (2026-11-30T12:30:00Z)"));
    }

    @Test
    void readsAnIdListAnswerAndNoticesTheDroppedId() {
        ApiPage page = parser.parse(Fixtures.bytes("arxiv-api-idlist-two-ids-one-missing.atom.xml"));

        assertThat(page.totalResults()).isEqualTo(1);
        assertThat(page.papers()).hasSize(1);
        Paper paper = page.papers().get(0);
        assertThat(paper.arxivId()).isEqualTo("1707.08567");
        assertThat(paper.latestVersion()).isEqualTo(1);
        assertThat(paper.title()).isEqualTo(
                "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications");
        assertThat(paper.authors()).hasSize(34).startsWith("Kees A. Schouhamer Immink").endsWith("Hirosuke Yamamoto")
                .contains("Dirk Wübben");
        assertThat(paper.categories()).containsExactly("cs.IT");
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("2017-07-27T08:18:33Z"));
        assertThat(paper.comment()).startsWith("44 pages");
    }

    @Test
    void readsOldStyleIdsAndNormalisesWhitespace() {
        Paper paper = parser.parse(Fixtures.bytes("arxiv-api-idlist-oldstyle-astro-ph-0601001.atom.xml")).papers().get(0);

        assertThat(paper.arxivId()).isEqualTo("astro-ph/0601001");
        assertThat(paper.primaryCategory()).isEqualTo("astro-ph");
        assertThat(paper.abstractText()).startsWith("We derive the frequencies").doesNotContain("  ");
        assertThat(paper.authors()).containsExactly("Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski");
        assertThat(paper.journalRef()).isEqualTo("ActaAstron.56:1-50,2006");
    }

    @Test
    void readsTheLegacyShapeWhoseIdHasNoVersion() {
        Paper paper = parser.parse(Fixtures.bytes("arxiv-api-legacy-format-usermanual-example.atom.xml")).papers().get(0);

        assertThat(paper.arxivId()).isEqualTo("hep-ex/0307015");
        assertThat(paper.latestVersion()).isEqualTo(1);
        assertThat(paper.title()).isEqualTo("Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA");
        assertThat(paper.abstractText()).startsWith("Multi-electron production is studied").endsWith("respectively.")
                .doesNotContain("\n");
        assertThat(paper.submittedAt()).isEqualTo(Instant.parse("2003-07-07T17:46:39Z"));
        assertThat(paper.primaryCategory()).isEqualTo("hep-ex");
        assertThat(paper.journalRef()).isEqualTo("Eur.Phys.J. C31 (2003) 17-29");
    }

    @Test
    void keepsAPaperLiterallyTitledZero() {
        Paper paper = parser.parse(Fixtures.bytes("arxiv-api-idlist-versioned-2104.12255v1.atom.xml")).papers().get(0);

        assertThat(paper.arxivId()).isEqualTo("2104.12255");
        assertThat(paper.title()).isEqualTo("0");
        assertThat(paper.primaryCategory()).isEqualTo("cs.CR");
    }

    @Test
    void readsSearchPagesWithPagingFieldsAndPrimaryCategoryFirst() {
        ApiPage first = parser.parse(Fixtures.bytes("arxiv-api-query-all-testing-p1.atom.xml"));
        ApiPage second = parser.parse(Fixtures.bytes("arxiv-api-query-all-testing-p2.atom.xml"));

        assertThat(first.totalResults()).isEqualTo(214881);
        assertThat(first.startIndex()).isZero();
        assertThat(first.papers()).hasSize(10);
        assertThat(second.startIndex()).isEqualTo(10);
        assertThat(first.papers()).allSatisfy(paper ->
                assertThat(paper.categories().get(0)).isEqualTo(paper.primaryCategory()));
        assertThat(first.papers()).anySatisfy(paper -> assertThat(paper.doi()).isNotNull());
    }

    @Test
    void anEmptyAnswerHasNoPapers() {
        ApiPage page = parser.parse(Fixtures.bytes("arxiv-api-idlist-empty-0000.0000.atom.xml"));

        assertThat(page.totalResults()).isZero();
        assertThat(page.entryCount()).isZero();
    }

    @Test
    void anErrorEntryIsAnApiErrorWithArxivsMessage() {
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("arxiv-api-error-400-incorrect-id-format.atom.xml")))
                .isInstanceOf(ArxivApiException.class)
                .hasMessage("arXiv API error: incorrect id format for abc");
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("arxiv-api-legacy-format-usermanual-error-example.atom.xml")))
                .isInstanceOf(ArxivApiException.class);
    }

    @Test
    void aTruncatedBodyIsMalformed() {
        byte[] body = Fixtures.bytes("arxiv-api-query-all-testing-p1.atom.xml");

        assertThatThrownBy(() -> parser.parse(Arrays.copyOf(body, body.length / 2)))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void aDoctypeIsRefusedSoNoExternalEntityIsEverRead() {
        String hostile = """
                <?xml version="1.0"?>
                <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2105.04026v1</id>
                <title>&xxe;</title></entry></feed>
                """;

        assertThatThrownBy(() -> parser.parse(hostile.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void anEntryWithoutAnIdIsSkippedWithItsReasonAndTheOthersKept() {
        String body = Fixtures.text("arxiv-api-idlist-oldstyle-astro-ph-0601001.atom.xml")
                .replace("<opensearch:totalResults>1</opensearch:totalResults>",
                        "<opensearch:totalResults>2</opensearch:totalResults>")
                .replace("</feed>", """
                        <entry><title>  A  paper
                              without id</title><summary>text</summary><published>2021-01-01T00:00:00Z</published>
                        </entry></feed>""");

        ApiPage page = parser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(page.papers()).extracting(Paper::arxivId).containsExactly("astro-ph/0601001");
        assertThat(page.skipped()).containsExactly(new Skip("entry 2 (A paper without id)",
                "entry without a usable arXiv id (null)"));
    }

    @Test
    void markupInATitleIsKeptAsText() {
        String body = Fixtures.text("arxiv-api-idlist-versioned-2104.12255v1.atom.xml")
                .replace("<title>0</title>", "<title>On &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\"</title>");

        List<Paper> papers = parser.parse(body.getBytes(StandardCharsets.UTF_8)).papers();

        assertThat(papers.get(0).title()).isEqualTo("On <script>alert(1)</script> & \"quotes\"");
    }
}
