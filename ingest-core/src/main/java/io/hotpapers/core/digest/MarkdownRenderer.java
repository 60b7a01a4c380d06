package io.hotpapers.core.digest;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a digest as the Markdown post static-site generators publish: front matter, then one section per
 * paper with its tweets in Twitter's embed markup, rendered from stored data. Pure: digest in, text out.
 *
 * <p>All untrusted text (titles, authors, abstracts, names, tweets) is HTML-escaped, so none can inject markup.
 */
public final class MarkdownRenderer {
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TWEET_DATE =
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String WIDGETS_SCRIPT =
            "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>";
    private static final String ENTRY_SEPARATOR = "\n\n\n\n";
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]*");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private final DigestStyle style;

    public MarkdownRenderer(DigestStyle style) {
        this.style = style;
    }

    public String render(Digest digest) {
        StringBuilder post = new StringBuilder();
        frontMatter(digest, post);
        if (digest.entries().isEmpty()) {
            post.append(emptyNotice(digest)).append('\n');
            return post.toString();
        }
        post.append(digest.entries().stream().map(entry -> entry(entry, digest.sparklines()))
                .collect(Collectors.joining(ENTRY_SEPARATOR)));
        return post.toString();
    }

    private void frontMatter(Digest digest, StringBuilder post) {
        String title = style.title(digest.mailingDate());
        post.append("---\n")
                .append("title: ").append(PLAIN_YAML.matcher(title).matches() ? title : quoted(title)).append('\n')
                .append("date: ").append(digest.generatedAt().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("template: \"post\"\n")
                .append("draft: false\n")
                .append("slug: ").append(quoted(style.slug(digest.mailingDate()))).append('\n')
                .append("category: ").append(quoted(style.category())).append('\n')
                .append("tags:\n");
        style.tags().forEach(tag -> post.append("  - ").append(quoted(tag)).append('\n'));
        String description = style.titlePrefix().isEmpty() ? "" : style.titlePrefix().substring(0, 1)
                + style.titlePrefix().substring(1).toLowerCase(Locale.ROOT);
        post.append("description: ").append(quoted(description + " " + digest.mailingDate())).append('\n')
                .append("socialImage: ").append(quoted(style.socialImage())).append('\n')
                .append('\n')
                .append("---\n")
                .append('\n');
    }

    private static String emptyNotice(Digest digest) {
        String categories = String.join(", ", digest.parameters().categories());
        if (digest.listed() == 0) {
            return "No arXiv listing on " + digest.mailingDate() + " for " + categories + ".";
        }
        return "None of the " + digest.listed() + " papers listed on " + digest.mailingDate() + " for " + categories
                + " reached a score of " + digest.parameters().minScore() + " (retweets + likes) by "
                + digest.cutoff().truncatedTo(ChronoUnit.SECONDS) + ".";
    }

    private String entry(DigestEntry entry, Map<String, String> trends) {
        String id = entry.paper().arxivId();
        StringBuilder section = new StringBuilder()
                .append("# ").append(entry.rank()).append(". ").append(Html.escape(entry.paper().title())).append("\n\n")
                .append(Html.escape(String.join(", ", entry.paper().authors()))).append("\n\n")
                .append("- retweets: ").append(entry.retweets()).append(", favorites: ").append(entry.likes())
                .append(" (").append(SNAPSHOT_TIME.format(entry.snapshotAt())).append(")\n\n");
        String sparkline = trends.get(id);
        if (sparkline != null) {
            section.append("- trend: ").append(sparkline).append("\n\n");
        }
        section
                .append("- links: [abs](https://arxiv.org/abs/").append(id).append(") | [pdf](https://arxiv.org/pdf/")
                .append(id).append(")\n")
                .append("- ").append(entry.paper().categories().stream()
                        .map(category -> "[" + category + "](https://arxiv.org/list/" + category + "/recent)")
                        .collect(Collectors.joining(" | "))).append("\n\n")
                .append(Html.escape(entry.paper().abstractText())).append("\n\n");
        for (EmbeddedTweet tweet : entry.tweets()) {
            section.append(embed(tweet)).append('\n');
        }
        if (!entry.tweets().isEmpty()) {
            section.append(WIDGETS_SCRIPT).append('\n');
        }
        return section.toString();
    }

    /** Twitter's embed markup, built from stored data: no network at render time. */
    static String embed(EmbeddedTweet tweet) {
        String lang = tweet.lang() != null && LANGUAGE_TAG.matcher(tweet.lang()).matches() ? tweet.lang() : "en";
        String handle = tweet.username() == null ? "" : " (@" + Html.escape(tweet.username()) + ")";
        String name = tweet.displayName() != null ? tweet.displayName()
                : tweet.username() != null ? tweet.username() : "Unknown author";
        return "<blockquote class=\"twitter-tweet\"><p lang=\"" + lang + "\" dir=\"ltr\">" + tweetText(tweet.text())
                + "</p>&mdash; " + Html.escape(name) + handle + " <a href=\"" + Html.escape(tweet.statusUrl())
                + "?ref_src=twsrc%5Etfw\">" + TWEET_DATE.format(tweet.createdAt()) + "</a></blockquote>";
    }

    /** Escapes the text, turns its links into anchors and its line breaks into {@code <br>}. */
    private static String tweetText(String text) {
        StringBuilder html = new StringBuilder();
        Matcher url = URL.matcher(text);
        int position = 0;
        while (url.find()) {
            html.append(Html.escape(text.substring(position, url.start())));
            String escaped = Html.escape(url.group());
            html.append("<a href=\"").append(escaped).append("\">").append(escaped).append("</a>");
            position = url.end();
        }
        html.append(Html.escape(text.substring(position)));
        return html.toString().replace("\r\n", "\n").replace("\n", "<br>");
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
