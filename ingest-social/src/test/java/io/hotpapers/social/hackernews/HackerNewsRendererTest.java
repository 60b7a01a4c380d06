package io.hotpapers.social.hackernews;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HackerNewsRendererTest {
    private final HackerNewsRenderer renderer = new HackerNewsRenderer();

    private static EmbeddedPost story(String id, String author, String title, long points, long comments) {
        return new EmbeddedPost("hackernews", id, author, null, title, null, Instant.parse("2021-05-11T15:02:11Z"), 0,
                points, comments, 0, Instant.parse("2021-05-12T00:00:00Z"), points);
    }

    @Test
    void summarisesStoriesPointsAndCommentsInItsOwnWords() {
        assertThat(renderer.summaryLine(new DigestEntry.SourceTotals("hackernews", 2, 0, 311, 95, 0, 311)))
                .isEqualTo("hacker news: 2 stories, 311 points, 95 comments");
        assertThat(renderer.summaryLine(new DigestEntry.SourceTotals("hackernews", 1, 0, 1, 1, 0, 1)))
                .isEqualTo("hacker news: 1 story, 1 point, 1 comment");
        assertThat(renderer.counts(new DigestEntry.SourceTotals("hackernews", 2, 7, 311, 95, 3, 318)))
                .containsExactly(java.util.Map.entry("posts", 2L), java.util.Map.entry("points", 311L),
                        java.util.Map.entry("comments", 95L));
    }

    @Test
    void aStoryIsOneLineLinkingItsDiscussionWithTitleAndAuthorEscaped() {
        String line = renderer.embedHtml(story("27118000", "grace_h",
                "PDF & <script>alert(1)</script>\n\"proofs\"", 97, 31));

        assertThat(line).isEqualTo("<p class=\"hackernews-story\">Hacker News: "
                + "<a href=\"https://news.ycombinator.com/item?id=27118000\">PDF &amp; &lt;script&gt;alert(1)"
                + "&lt;/script&gt; &quot;proofs&quot;</a> (97 points, 31 comments, by grace_h)</p>");
        assertThat(renderer.url(story("27118000", "g", "t", 1, 1)))
                .isEqualTo("https://news.ycombinator.com/item?id=27118000");
    }

    @Test
    void anIdThatIsNoItemIdNeverBecomesALink() {
        EmbeddedPost forged = story("1\"><script>", "x", "", 1, 0);

        assertThat(renderer.url(forged)).isNull();
        assertThat(renderer.embedHtml(forged)).isEqualTo(
                "<p class=\"hackernews-story\">Hacker News: Hacker News story (1 point, 0 comments, by x)</p>");
    }
}
