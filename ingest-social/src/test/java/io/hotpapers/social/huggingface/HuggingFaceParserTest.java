package io.hotpapers.social.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The recorded Daily Papers answers (2024 and current shape), a paper page, and hostile entries. */
class HuggingFaceParserTest {
    private final HuggingFaceParser parser = new HuggingFaceParser(new ObjectMapper());

    static byte[] fixture(String name) {
        try (InputStream in = HuggingFaceParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String CURRENT = "hf-daily-papers-2026-08-20-three-entries-newsletter.json";
    static final String LEGACY = "hf-daily-papers-2024-05-29-legacy-shape-two-entries-newsletter.json";
    static final String PAGE = "hf-paper-page-2608.13558-documented-fields.json";

    @Test
    void theCurrentShapeGivesUpvotesFromThePaperAndCommentsFromTheEntry() {
        HfPage page = parser.parseDailyPapers(fixture(CURRENT));

        assertThat(page.entries()).isEqualTo(3);
        assertThat(page.skipped()).isEmpty();
        assertThat(page.papers()).extracting(HfPaper::arxivId, HfPaper::upvotes, HfPaper::comments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2608.13558", 54L, 2L),
                        org.assertj.core.groups.Tuple.tuple("2608.18171", 13L, 0L),
                        org.assertj.core.groups.Tuple.tuple("2608.14229", 0L, 1L));
        HfPaper first = page.papers().get(0);
        assertThat(first.title()).isEqualTo("OmniScientist: An Omni-Modal Omni-Discipline AI Scientist");
        assertThat(first.dailyDate()).isEqualTo(LocalDate.parse("2026-08-20"));
        assertThat(first.appearedAt()).isEqualTo(Instant.parse("2026-08-20T00:00:00Z"));
        assertThat(first.listedAt()).as("the entry's own time differs from the paper's")
                .isEqualTo(Instant.parse("2026-08-12T20:00:00Z"));
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-08-13T00:00:00Z"));
        assertThat(first.submitterId()).isEqualTo("63490424667da7e6737f49a4");
        assertThat(first.submitterHandle()).isEqualTo("BradNLP");
        assertThat(first.submitterName()).isEqualTo("Li Bobo");
    }

    @Test
    void theLegacyShapeHasNoSubmitterAndNoDailyTimeButItsEntryTime() {
        HfPage page = parser.parseDailyPapers(fixture(LEGACY));

        assertThat(page.papers()).extracting(HfPaper::arxivId).containsExactly("2405.18047", "2405.18426");
        HfPaper first = page.papers().get(0);
        assertThat(first.upvotes()).isEqualTo(11L);
        assertThat(first.comments()).isEqualTo(4L);
        assertThat(first.submittedOnDailyAt()).isNull();
        assertThat(first.submitterHandle()).isNull();
        assertThat(first.appearedAt()).isEqualTo(Instant.parse("2024-05-29T03:03:38.875Z"));
        assertThat(first.title()).isEqualTo("2BP: 2-Stage Backpropagation");
    }

    @Test
    void aPaperPageIsThePaperObjectAtTheTopWithItsDailyDate() {
        HfPage page = parser.parsePaper(fixture(PAGE));

        assertThat(page.papers()).singleElement().satisfies(paper -> {
            assertThat(paper.arxivId()).isEqualTo("2608.13558");
            assertThat(paper.upvotes()).isEqualTo(54L);
            assertThat(paper.comments()).as("a paper page does not say").isZero();
            assertThat(paper.dailyDate()).isEqualTo(LocalDate.parse("2026-08-20"));
            assertThat(paper.submitterHandle()).isEqualTo("BradNLP");
            assertThat(paper.listedAt()).isNull();
        });
    }

    @Test
    void hostileEntriesAreSkippedWithTheirReasonAndTheRestKept() {
        String body = """
                [
                 {"paper":{"id":"2608.00001","upvotes":5,"title":"Fine\\u202e paper\\nwith\\u0007 breaks"},"numComments":1},
                 {"paper":{"id":"2608.00002v3","upvotes":5}},
                 {"paper":{"id":"../../admin","upvotes":5}},
                 {"paper":{"id":"2608.00003","upvotes":-1}},
                 {"paper":{"id":"2608.00004","upvotes":"54"}},
                 {"paper":{"id":"2608.00005","upvotes":1000000000000}},
                 {"paper":{"id":"2608.00006","upvotes":5},"numComments":2.5},
                 "not an entry",
                 {"paper":{"id":"2608.00007"},"submittedBy":{"_id":"<script>","name":"a b","fullname":"x\\u0000y"}},
                 {"paper":{"id":"2608.00008","upvotes":3,"submittedOnDailyAt":"yesterday"}}
                ]""";

        HfPage page = parser.parseDailyPapers(body.getBytes(StandardCharsets.UTF_8));

        assertThat(page.entries()).isEqualTo(10);
        assertThat(page.papers()).extracting(HfPaper::arxivId).containsExactly("2608.00001", "2608.00007",
                "2608.00008");
        assertThat(page.papers().get(0).title()).isEqualTo("Fine paper with breaks");
        HfPaper noCounts = page.papers().get(1);
        assertThat(noCounts.upvotes()).as("absent upvotes: no snapshot, not a zero").isNull();
        assertThat(noCounts.submitterId()).isNull();
        assertThat(noCounts.submitterHandle()).isNull();
        assertThat(noCounts.submitterName()).isEqualTo("xy");
        assertThat(page.papers().get(2).submittedOnDailyAt()).isNull();
        assertThat(page.skipped()).extracting(skip -> skip.item() + ": " + skip.reason()).containsExactly(
                "huggingface daily entry 2: paper id is not an arXiv id without version: 2608.00002v3",
                "huggingface daily entry 3: paper id is not an arXiv id without version: ../../admin",
                "huggingface paper 2608.00003: upvotes or numComments is not a count from 0 to 100000000",
                "huggingface paper 2608.00004: upvotes or numComments is not a count from 0 to 100000000",
                "huggingface paper 2608.00005: upvotes or numComments is not a count from 0 to 100000000",
                "huggingface paper 2608.00006: upvotes or numComments is not a count from 0 to 100000000",
                "huggingface daily entry 8: not an entry with a paper object");
    }

    @Test
    void anAnswerThatIsNotAListOrNotJsonIsMalformedAndSoRetried() {
        assertThatThrownBy(() -> parser.parseDailyPapers("{\"error\":\"Invalid date\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> parser.parseDailyPapers("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parsePaper(new byte[0]))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void aHugeListIsReadOnlyUpToItsBound() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < HuggingFaceParser.MAX_ENTRIES + 5; i++) {
            body.append(i == 0 ? "" : ",").append("{\"paper\":{\"id\":\"2608.").append(String.format("%05d", i))
                    .append("\",\"upvotes\":1}}");
        }
        HfPage page = parser.parseDailyPapers(body.append("]").toString().getBytes(StandardCharsets.UTF_8));

        assertThat(page.papers()).hasSize(HuggingFaceParser.MAX_ENTRIES);
        assertThat(page.skipped()).singleElement().satisfies(skip -> assertThat(skip.reason())
                .contains("the rest (5) not read"));
    }
}
