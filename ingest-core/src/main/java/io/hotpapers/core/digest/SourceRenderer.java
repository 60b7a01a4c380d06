package io.hotpapers.core.digest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one source shows in a digest: its summary line, its counts in its own vocabulary and its posts' embeds. Each
 * source brings one; {@link SourceRenderers} finds it by source id.
 */
public interface SourceRenderer {

    /** The source id it renders ({@code x}, …). */
    String source();

    /**
     * The text of the Markdown line summarising a paper's engagement on this source, without the leading
     * {@code "- "}: e.g. {@code bluesky: reposts 12, likes 80}. Made of numbers and fixed words only.
     */
    String summaryLine(DigestEntry.SourceTotals totals);

    /** The source's counts for the JSON digest (version 2), in its own vocabulary and output order. */
    Map<String, Long> counts(DigestEntry.SourceTotals totals);

    /**
     * The neutral vocabulary of a post network (X, Bluesky, a source without a renderer): posts, reposts, likes,
     * replies and quotes, in that order.
     */
    static Map<String, Long> postCounts(DigestEntry.SourceTotals totals) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("posts", (long) totals.posts());
        counts.put("reposts", totals.reposts());
        counts.put("likes", totals.likes());
        counts.put("replies", totals.replies());
        counts.put("quotes", totals.quotes());
        return counts;
    }

    /** The post as one line of HTML, every untrusted field escaped; no network at render time. */
    String embedHtml(EmbeddedPost post);

    /** The post's web address, or {@code null} when the source has none to give. */
    String url(EmbeddedPost post);

    /**
     * The front-matter tag a digest carries while this source is enabled (unless tags are configured): its name as
     * readers know it. The id by default.
     */
    default String digestTag() {
        return source();
    }

    /** The source's name as readers know it, for headings and labels ({@code X}, {@code Hacker News}). The id by default. */
    default String displayName() {
        return source();
    }

    /** HTML written once after a paper's embeds when one of them is this source's (X's widgets script), or "". */
    default String embedScript() {
        return "";
    }
}
