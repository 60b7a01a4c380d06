package io.hotpapers.social.hackernews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.ArxivLinkExtractor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class HackerNewsParserTest {
    private final MutableClock clock = MutableClock.at("2026-11-30T12:00:00Z");
    private final HackerNewsParser parser = new HackerNewsParser(new ObjectMapper(), clock);

    private HackerNewsPage parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheRecordedUrlSearchInTheOldShapeWithItsNullsAndPaging() {
        HackerNewsPage page = parser.parse(Fixtures.bytes("hn-algolia-search-url-restrict-4-hits-communal.json"));

        assertThat(page.hits()).hasSize(4).allMatch(HackerNewsHit::isStory);
        assertThat(page.hits().get(0)).isEqualTo(new HackerNewsHit(8828543, HackerNewsHit.Kind.STORY,
                "Why aren’t we using SSH for everything?", "https://medium.com/@shazow/ssh-how-does-it-even-9e43586e4ffc",
                "dkua", 270, 103, Instant.ofEpochSecond(1420232746)));
        assertThat(page.hits()).extracting(HackerNewsHit::url).as("tokenised matching: the links differ")
                .contains("https://medium.com/@shazow/ssh-how-does-it-even-9e43586e4ffc?hn=1");
        assertThat(page.page()).isZero();
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.hitsPerPage()).isEqualTo(20);
        assertThat(page.totalHits()).isEqualTo(4);
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.skipped()).isEmpty();
    }

    @Test
    void recordedCommentsAreCommentsWithoutCountsAndTheThousandHitCapShowsInThePaging() {
        HackerNewsPage page = parser.parse(
                Fixtures.bytes("hn-algolia-search-by-date-comments-page0-python-hacker-news.json"));

        assertThat(page.hits()).hasSize(2).allSatisfy(hit -> {
            assertThat(hit.kind()).isEqualTo(HackerNewsHit.Kind.COMMENT);
            assertThat(hit.isStory()).isFalse();
            assertThat(hit.url()).as("a comment's story_url is not its link").isNull();
            assertThat(hit.points()).isZero();
            assertThat(hit.comments()).isZero();
        });
        assertThat(page.totalHits()).isEqualTo(17_321_865);
        assertThat(page.pages() * page.hitsPerPage()).as("paging reaches 1,000 hits, whatever nbHits says")
                .isEqualTo(1000);
        assertThat(page.hasNextPage()).isTrue();
    }

    @Test
    void readsStoriesLinkingAbsPdfAndVersionedPagesInBothShapesAndTellsCommentsApart() {
        HackerNewsPage page = parser.parse(Fixtures.bytes("hn-search-by-date-arxiv-window-constructed.json"));
        ArxivLinkExtractor links = new ArxivLinkExtractor();

        assertThat(page.hits()).hasSize(7);
        assertThat(page.skipped()).isEmpty();
        HackerNewsHit pdf = page.hits().get(1);
        assertThat(pdf.title()).as("the title as sent; escaping is the renderer's")
                .isEqualTo("Deep learning theory, the PDF & the <b>proofs</b>");
        assertThat(pdf.points()).isEqualTo(97);
        assertThat(pdf.comments()).isEqualTo(31);
        assertThat(links.paperId(pdf.url())).contains("2105.04026");
        assertThat(links.paperId(page.hits().get(2).url())).as("versioned, www. host").contains("2105.00001");
        HackerNewsHit comment = page.hits().get(3);
        assertThat(comment.kind()).isEqualTo(HackerNewsHit.Kind.COMMENT);
        assertThat(comment.url()).isNull();
        assertThat(links.paperId(page.hits().get(4).url())).as("a listing page is no paper").isEmpty();
        HackerNewsHit ask = page.hits().get(6);
        assertThat(ask.isStory()).isTrue();
        assertThat(ask.url()).as("Ask HN links nothing, whatever its text says").isNull();
        assertThat(page.hitsPerPage()).isEqualTo(1000);
    }

    @Test
    void hitsThatBreakTheFormatAreSkippedWithTheirReasonAndTheRestIsRead() {
        String good = hit("\"objectID\":\"1\",\"author\":\"ok\"");
        HackerNewsPage page = parse("{\"hits\":[" + String.join(",",
                good,
                hit("\"objectID\":\"2\",\"author\":\"ok\",\"points\":-1"),
                hit("\"objectID\":\"3\",\"author\":\"ok\",\"num_comments\":1.5"),
                hit("\"objectID\":\"4\",\"author\":\"ok\",\"points\":99999999999999999999"),
                hit("\"objectID\":\"x5\",\"author\":\"ok\""),
                hit("\"objectID\":\"6\",\"author\":\"<script>\""),
                hit("\"objectID\":\"7\",\"author\":\"ok\",\"url\":\"https://arxiv.org/abs/" + "9".repeat(3000) + "\""),
                "{\"objectID\":\"8\",\"author\":\"ok\",\"_tags\":[\"story\"],\"created_at_i\":4102444800}",
                "{\"objectID\":\"9\",\"author\":\"ok\",\"_tags\":[\"story\"],\"created_at\":\"yesterday\"}",
                "{\"objectID\":\"10\",\"author\":\"ok\",\"_tags\":[\"story\"]}",
                "[1]") + "],\"page\":0,\"nbPages\":1,\"hitsPerPage\":1000,\"nbHits\":11}");

        assertThat(page.hits()).extracting(HackerNewsHit::id).containsExactly(1L);
        assertThat(page.delivered()).isEqualTo(11);
        assertThat(page.skipped()).extracting(Skip::item, Skip::reason).containsExactly(
                Tuple.tuple("hackernews item 2", "points is outside 0 to 1000000000 (-1)"),
                Tuple.tuple("hackernews item 3", "num_comments is not an integer (1.5)"),
                Tuple.tuple("hackernews item 4",
                        "points is outside 0 to 1000000000 (99999999999999999999)"),
                Tuple.tuple("hackernews item \"x5\"", "objectID is not a positive decimal number "
                        + "(\"x5\")"),
                Tuple.tuple("hackernews item 6",
                        "author is not a Hacker News user name (\"<script>\")"),
                Tuple.tuple("hackernews item 7", "url is longer than 2048 characters"),
                Tuple.tuple("hackernews item 8", "created_at is in the future (2100-01-01T00:00:00Z)"),
                Tuple.tuple("hackernews item 9", "created_at is unreadable (\"yesterday\")"),
                Tuple.tuple("hackernews item 10", "the hit has neither created_at_i nor created_at"),
                Tuple.tuple("hackernews item [1]", "the hit is not a JSON object"));
    }

    @Test
    void titlesAreOneBoundedLineWithoutControlCharacters() {
        HackerNewsPage page = parse("{\"hits\":[{\"objectID\":\"1\",\"author\":\"ok\",\"_tags\":[\"story\"],"
                + "\"created_at_i\":1620745331,\"title\":\"a\\u0000b\\nc\\u202e" + "d".repeat(600) + "\"}]}");

        String title = page.hits().get(0).title();
        assertThat(title).startsWith("ab c").doesNotContain("\u202e").endsWith("…");
        assertThat(title.codePointCount(0, title.length())).isEqualTo(500);
        assertThat(page.pages()).as("without paging fields: one page").isEqualTo(1);
    }

    @Test
    void anAnswerWithoutHitsOrWithBrokenPagingIsMalformedAndSoRetried() {
        assertThatThrownBy(() -> parse("<html>502 Bad Gateway</html>")).isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> parse("{\"message\":\"ok\"}")).isInstanceOf(MalformedResponseException.class)
                .hasMessage("Hacker News search sent a body that is not an object with hits");
        assertThatThrownBy(() -> parse("{\"hits\":[],\"nbPages\":\"many\"}"))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessage("Hacker News search sent nbPages that is not a whole number from 0 (\"many\")");
        assertThat(parse("{\"hits\":[],\"nbPages\":2147483647,\"page\":0}").pages())
                .as("never more pages than 1,000 hits allow").isEqualTo(1000);
        assertThat(Optional.of(parse("{\"hits\":[],\"nbHits\":0,\"nbPages\":0,\"page\":0}")))
                .hasValueSatisfying(empty -> assertThat(empty.hasNextPage()).isFalse());
    }

    private static String hit(String fields) {
        return "{" + fields + ",\"_tags\":[\"story\"],\"title\":\"t\",\"created_at_i\":1620745331}";
    }
}
