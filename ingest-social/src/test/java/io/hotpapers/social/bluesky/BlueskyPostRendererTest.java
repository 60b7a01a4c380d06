package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueskyPostRendererTest {
    private static final String URI = "at://did:plc:clxs5bimkdx2zvxzrbs6v3pw/app.bsky.feed.post/3lpjneeyp6c2w";
    private static final String CID = "bafyreiaamd3a4m3gxr2g7knb3agjrolterzwo3sdsxejbgrov6cxg7ylvi";
    private static final Instant CREATED = Instant.parse("2025-05-19T13:08:40.742Z");
    private final BlueskyPostRenderer renderer = new BlueskyPostRenderer();

    private static EmbeddedPost post(String postId, String handle, String name, String text, String lang, String cid) {
        return new EmbeddedPost("bluesky", postId, handle, name, text, lang, CREATED, 5, 20, 2, 1, CREATED, 25, cid);
    }

    @Test
    void rendersBlueskysEmbedMarkupFromStoredData() {
        String html = renderer.embedHtml(post(URI, "brendannyhan.bsky.social", "Brendan Nyhan",
                "we find an 8.2 p.p. increase\nsee https://arxiv.org/abs/2505.00001", "en", CID));

        assertThat(html).isEqualTo("<blockquote class=\"bluesky-embed\" data-bluesky-uri=\"" + URI
                + "\" data-bluesky-cid=\"" + CID + "\"><p lang=\"en\">we find an 8.2 p.p. increase<br>see "
                + "<a href=\"https://arxiv.org/abs/2505.00001\">https://arxiv.org/abs/2505.00001</a></p>&mdash; "
                + "Brendan Nyhan (@brendannyhan.bsky.social) <a href=\"https://bsky.app/profile/"
                + "did:plc:clxs5bimkdx2zvxzrbs6v3pw/post/3lpjneeyp6c2w\">May 19, 2025 at 1:08 PM UTC</a></blockquote>");
        assertThat(renderer.url(post(URI, null, null, "", null, null)))
                .isEqualTo("https://bsky.app/profile/did:plc:clxs5bimkdx2zvxzrbs6v3pw/post/3lpjneeyp6c2w");
        assertThat(renderer.embedScript()).isEqualTo(
                "<script async src=\"https://embed.bsky.app/static/embed.js\" charset=\"utf-8\"></script>");
    }

    @Test
    void escapesHostileTextNamesAndLeavesOutIdentifiersThatBreakTheirSyntax() {
        String html = renderer.embedHtml(post("at://did:plc:x\"><script>/app.bsky.feed.post/1", "<b>@evil",
                "Eve\" onmouseover=\"alert(1)\u202e {{ site.secret }}",
                "</p><script>alert('x')</script>\n<img src=x onerror=alert(1)> javascript:alert(1)",
                "en\"><script>", "bafy\"><script>"));

        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>")
                .doesNotContain("onmouseover=\"").doesNotContain("{{").doesNotContain("\u202e")
                .doesNotContain("data-bluesky-uri").doesNotContain("data-bluesky-cid").doesNotContain("href")
                .contains("&lt;/p&gt;&lt;script&gt;").contains("<p lang=\"en\">")
                .doesNotContain("(@").doesNotContain("\n");
        assertThat(renderer.url(post("https://evil.example/x", null, null, "", null, null))).isNull();
    }

    @Test
    void anAuthorWithoutANameShowsTheHandleAndWithoutEitherSaysUnknown() {
        assertThat(renderer.embedHtml(post(URI, "a.bsky.social", null, "x", null, null)))
                .contains("&mdash; a.bsky.social (@a.bsky.social) ");
        assertThat(renderer.embedHtml(post(URI, null, " ", "x", null, null))).contains("&mdash; Unknown author <a");
    }

    @Test
    void summaryAndJsonCountsUseTheNeutralVocabulary() {
        DigestEntry.SourceTotals totals = new DigestEntry.SourceTotals("bluesky", 3, 12, 80, 4, 2, 92);
        assertThat(renderer.summaryLine(totals)).isEqualTo("bluesky: reposts 12, likes 80");
        assertThat(renderer.counts(totals)).containsExactly(Map.entry("posts", 3L), Map.entry("reposts", 12L),
                Map.entry("likes", 80L), Map.entry("replies", 4L), Map.entry("quotes", 2L));
    }
}
