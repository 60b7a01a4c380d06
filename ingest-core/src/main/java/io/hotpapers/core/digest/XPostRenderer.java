package io.hotpapers.core.digest;

import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** X in a digest: Twitter's embed markup built from stored data, and the retweets/favorites wording of the seed. */
public final class XPostRenderer implements SourceRenderer {
    public static final String SOURCE = "x";

    private static final DateTimeFormatter TWEET_DATE =
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String WIDGETS_SCRIPT =
            "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>";
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    /** What X allows in a handle; any other stored username is not put into a URL. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");
    /** What an X post id is: a URL is only built from digits. */
    private static final Pattern X_ID = Pattern.compile("[0-9]{1,20}");

    /** "Twitter": the tag X's digests have always carried (X-only digests stay byte for byte as before). */
    @Override
    public String digestTag() {
        return "Twitter";
    }

    @Override
    public String displayName() {
        return "X";
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public String summaryLine(DigestEntry.SourceTotals totals) {
        return "retweets: " + totals.reposts() + ", favorites: " + totals.likes();
    }

    @Override
    public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
        return SourceRenderer.postCounts(totals);
    }

    /**
     * Twitter's embed markup, built from stored data: no network at render time. One line of HTML whatever the
     * text holds, so it stays a single HTML block in the post; line breaks of the tweet become {@code <br>}.
     */
    @Override
    public String embedHtml(EmbeddedPost tweet) {
        String lang = tweet.lang() != null && LANGUAGE_TAG.matcher(tweet.lang()).matches() ? tweet.lang() : "en";
        String username = UntrustedText.line(tweet.username(), UntrustedText.NAME);
        String handle = username.isEmpty() ? "" : " (@" + Html.text(username, UntrustedText.NAME) + ")";
        String displayName = UntrustedText.line(tweet.displayName(), UntrustedText.NAME);
        String name = !displayName.isEmpty() ? displayName : !username.isEmpty() ? username : "Unknown author";
        return "<blockquote class=\"twitter-tweet\"><p lang=\"" + lang + "\" dir=\"ltr\">"
                + Html.multiLineTextWithLinks(tweet.text(), UntrustedText.TWEET) + "</p>&mdash; "
                + Html.text(name, UntrustedText.NAME) + handle + " <a href=\""
                + Html.attribute(url(tweet) + "?ref_src=twsrc%5Etfw", UntrustedText.TITLE) + "\">"
                + TWEET_DATE.format(tweet.createdAt()) + "</a></blockquote>";
    }

    /**
     * The status URL, as Twitter's embed markup links it: with the handle when it is a valid X handle, else with
     * {@code i}, which X redirects to the same post.
     */
    @Override
    public String url(EmbeddedPost tweet) {
        boolean validHandle = tweet.username() != null && HANDLE.matcher(tweet.username()).matches();
        String id = X_ID.matcher(tweet.postId()).matches() ? tweet.postId() : "0";
        return "https://twitter.com/" + (validHandle ? tweet.username() : "i") + "/status/" + id;
    }

    @Override
    public String embedScript() {
        return WIDGETS_SCRIPT;
    }
}
