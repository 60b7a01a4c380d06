package io.hotpapers.social.huggingface;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hugging Face in a digest: "hugging face: 54 upvotes, 3 comments", counts {@code upvotes} and {@code comments},
 * and a link line to the paper page instead of an embed (a paper page has no embed markup, and digests fetch
 * nothing at render time).
 */
public final class HuggingFaceRenderer implements SourceRenderer {
    static final String PAGE_BASE = "https://huggingface.co/papers/";

    @Override
    public String displayName() {
        return "Hugging Face";
    }

    @Override
    public String source() {
        return HuggingFaceSource.NAME;
    }

    @Override
    public String summaryLine(DigestEntry.SourceTotals totals) {
        return "hugging face: " + counted(totals.likes(), "upvote")
                + (totals.replies() > 0 ? ", " + counted(totals.replies(), "comment") : "");
    }

    @Override
    public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("upvotes", totals.likes());
        counts.put("comments", totals.replies());
        return counts;
    }

    /** One line: a link to the paper page with its counts; the stored title is untrusted and escaped. */
    @Override
    public String embedHtml(EmbeddedPost post) {
        String url = url(post);
        String title = UntrustedText.line(post.text(), UntrustedText.TITLE);
        String counts = counted(post.likes(), "upvote")
                + (post.replies() > 0 ? ", " + counted(post.replies(), "comment") : "");
        String label = url == null ? "Hugging Face paper page" : "<a href=\"" + Html.attribute(url, UntrustedText.TITLE)
                + "\">Hugging Face paper page</a>";
        return "<p class=\"hotpapers-link\" data-source=\"" + HuggingFaceSource.NAME + "\">" + label
                + (title.isEmpty() ? "" : ": " + Html.text(title, UntrustedText.TITLE)) + " (" + counts + ")</p>";
    }

    /** The paper page, built only from a valid arXiv id (a stored id is never pasted into a URL unchecked). */
    @Override
    public String url(EmbeddedPost post) {
        return ArxivId.parse(post.postId())
                .filter(id -> !id.hasVersion() && id.id().equals(post.postId()) && !id.id().contains("/"))
                .map(id -> PAGE_BASE + id.id())
                .orElse(null);
    }

    private static String counted(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
