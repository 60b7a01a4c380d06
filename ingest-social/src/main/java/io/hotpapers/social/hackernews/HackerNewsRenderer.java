package io.hotpapers.social.hackernews;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hacker News in a digest: stories, points and comments; a story shows as one line linking its discussion page
 * (Hacker News has no embed), its title and author escaped.
 */
public final class HackerNewsRenderer implements SourceRenderer {
    private static final String ITEM_URL = "https://news.ycombinator.com/item?id=";
    /** A URL is only built from an id that is a Hacker News item id. */
    private static final Pattern ITEM_ID = Pattern.compile("[1-9][0-9]{0,14}");

    @Override
    public String displayName() {
        return "Hacker News";
    }

    @Override
    public String source() {
        return HackerNewsSource.NAME;
    }

    @Override
    public String summaryLine(DigestEntry.SourceTotals totals) {
        return "hacker news: " + counted(totals.posts(), "story", "stories") + ", "
                + counted(totals.likes(), "point", "points") + ", " + counted(totals.replies(), "comment", "comments");
    }

    @Override
    public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("posts", (long) totals.posts());
        counts.put("points", totals.likes());
        counts.put("comments", totals.replies());
        return counts;
    }

    /** One line: the story's title linking its discussion, then its counts and author. */
    @Override
    public String embedHtml(EmbeddedPost story) {
        String url = url(story);
        String title = UntrustedText.line(story.text(), UntrustedText.TITLE);
        String shownTitle = Html.text(title.isEmpty() ? "Hacker News story" : title, UntrustedText.TITLE);
        String linked = url == null ? shownTitle : "<a href=\"" + Html.attribute(url, UntrustedText.TITLE) + "\">"
                + shownTitle + "</a>";
        String author = UntrustedText.line(story.username(), UntrustedText.NAME);
        return "<p class=\"hackernews-story\">Hacker News: " + linked + " (" + counted(story.likes(), "point", "points")
                + ", " + counted(story.replies(), "comment", "comments")
                + (author.isEmpty() ? "" : ", by " + Html.text(author, UntrustedText.NAME)) + ")</p>";
    }

    @Override
    public String url(EmbeddedPost story) {
        return ITEM_ID.matcher(story.postId()).matches() ? ITEM_URL + story.postId() : null;
    }

    private static String counted(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
