package io.hotpapers.core.digest;

import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** A source without a renderer of its own: the neutral vocabulary and a plain blockquote without links or script. */
final class PlainPostRenderer implements SourceRenderer {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String source;

    PlainPostRenderer(String source) {
        this.source = source;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String summaryLine(DigestEntry.SourceTotals totals) {
        // a source id is lower-case letters and digits (the schema checks it): safe as Markdown text
        return source + ": reposts " + totals.reposts() + ", likes " + totals.likes();
    }

    @Override
    public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
        return SourceRenderer.postCounts(totals);
    }

    @Override
    public String embedHtml(EmbeddedPost post) {
        String username = UntrustedText.line(post.username(), UntrustedText.NAME);
        String handle = username.isEmpty() ? "" : " (@" + Html.text(username, UntrustedText.NAME) + ")";
        String displayName = UntrustedText.line(post.displayName(), UntrustedText.NAME);
        String name = !displayName.isEmpty() ? displayName : !username.isEmpty() ? username : "Unknown author";
        return "<blockquote class=\"hotpapers-post\" data-source=\"" + source + "\"><p>"
                + Html.multiLineTextWithLinks(post.text(), UntrustedText.TWEET) + "</p>&mdash; "
                + Html.text(name, UntrustedText.NAME) + handle + " " + DATE.format(post.createdAt()) + "</blockquote>";
    }

    @Override
    public String url(EmbeddedPost post) {
        return null;
    }
}
