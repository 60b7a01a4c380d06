package io.hotpapers.social.bluesky;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bluesky in a digest: Bluesky's own embed markup ({@code blockquote class="bluesky-embed"} naming the post's
 * at:// URI and cid, which embed.bsky.app's script turns into the live post) built from stored data, and the
 * reposts/likes wording. Every stored field is checked again before it goes into an attribute or a URL: a post id
 * that is not a post URI gets no link, a cid or handle that breaks its syntax is left out.
 */
public final class BlueskyPostRenderer implements SourceRenderer {
    private static final DateTimeFormatter POST_DATE =
            DateTimeFormatter.ofPattern("MMMM d, yyyy 'at' h:mm a 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String EMBED_SCRIPT =
            "<script async src=\"https://embed.bsky.app/static/embed.js\" charset=\"utf-8\"></script>";
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    @Override
    public String displayName() {
        return "Bluesky";
    }

    @Override
    public String source() {
        return BlueskySource.NAME;
    }

    @Override
    public String summaryLine(DigestEntry.SourceTotals totals) {
        return "bluesky: reposts " + totals.reposts() + ", likes " + totals.likes();
    }

    @Override
    public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
        return SourceRenderer.postCounts(totals);
    }

    /** One line of HTML whatever the text holds; the post's line breaks become {@code <br>}. */
    @Override
    public String embedHtml(EmbeddedPost post) {
        Optional<BlueskyIds.PostUri> uri = BlueskyIds.parsePostUri(post.postId());
        String lang = post.lang() != null && LANGUAGE_TAG.matcher(post.lang()).matches() ? post.lang() : "en";
        String handle = BlueskyIds.isHandle(post.username()) ? post.username() : null;
        String displayName = UntrustedText.line(post.displayName(), UntrustedText.NAME);
        String name = !displayName.isEmpty() ? displayName : handle != null ? handle : "Unknown author";
        StringBuilder html = new StringBuilder("<blockquote class=\"bluesky-embed\"");
        uri.ifPresent(at -> html.append(" data-bluesky-uri=\"").append(Html.attribute(at.toString(), 1_000))
                .append('"'));
        if (BlueskyIds.isCid(post.contentId())) {
            html.append(" data-bluesky-cid=\"").append(post.contentId()).append('"');
        }
        html.append("><p lang=\"").append(lang).append("\">")
                .append(Html.multiLineTextWithLinks(post.text(), UntrustedText.TWEET)).append("</p>&mdash; ")
                .append(Html.text(name, UntrustedText.NAME));
        if (handle != null) {
            html.append(" (@").append(Html.text(handle, UntrustedText.NAME)).append(')');
        }
        String date = POST_DATE.format(post.createdAt());
        String url = url(post);
        html.append(' ').append(url == null ? date : "<a href=\"" + Html.attribute(url, 2_000) + "\">" + date + "</a>");
        return html.append("</blockquote>").toString();
    }

    /** {@code https://bsky.app/profile/<did>/post/<rkey>}: keyed by DID, since handles change. */
    @Override
    public String url(EmbeddedPost post) {
        return BlueskyIds.parsePostUri(post.postId())
                .map(at -> "https://bsky.app/profile/" + at.did() + "/post/" + at.rkey())
                .orElse(null);
    }

    @Override
    public String embedScript() {
        return EMBED_SCRIPT;
    }
}
