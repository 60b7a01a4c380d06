package io.hotpapers.core.digest;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.post.Counts;
import io.hotpapers.core.text.Markdown;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.text.WebUrl;
import io.hotpapers.core.text.Yaml;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a digest as the Markdown post static-site generators publish: front matter, then one section per
 * paper with its tweets in Twitter's embed markup, rendered from stored data. Pure: digest in, text out.
 *
 * <p>All untrusted text (titles, authors, abstracts, categories, names, tweets) is cleaned, bounded and escaped for
 * its context ({@link io.hotpapers.core.text}): Markdown text outside the embeds, HTML inside them; links are
 * built only to vetted http(s) targets, so no field can inject a link, image, heading, markup or template tag.
 */
public final class MarkdownRenderer implements DigestRenderer.PerDate {
    private static final DateTimeFormatter SNAPSHOT_TIME =
            DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String ENTRY_SEPARATOR = "\n\n\n\n";
    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]*");

    private static final String X = XPostRenderer.SOURCE;

    private final DigestStyle style;
    private final CategoryTaxonomy taxonomy;
    private final SourceRenderers renderers;

    /** A renderer that links the categories of the taxonomy shipped with hotpapers, for X alone. */
    public MarkdownRenderer(DigestStyle style) {
        this(style, CategoryTaxonomy.load(), SourceRenderers.X_ONLY);
    }

    /** A renderer that links the categories of the taxonomy shipped with hotpapers, for the given sources. */
    public MarkdownRenderer(DigestStyle style, SourceRenderers renderers) {
        this(style, CategoryTaxonomy.load(), renderers);
    }

    /** A renderer that links only the categories of the given taxonomy; others are shown as text. */
    public MarkdownRenderer(DigestStyle style, CategoryTaxonomy taxonomy) {
        this(style, taxonomy, SourceRenderers.X_ONLY);
    }

    public MarkdownRenderer(DigestStyle style, CategoryTaxonomy taxonomy, SourceRenderers renderers) {
        this.style = style;
        this.taxonomy = taxonomy;
        this.renderers = renderers;
    }

    @Override
    public DigestFormat format() {
        return DigestFormat.MD;
    }

    @Override
    public String fileName(LocalDate mailingDate) {
        return style.slug(mailingDate) + ".md";
    }

    @Override
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
                .append("title: ").append(PLAIN_YAML.matcher(title).matches() ? title : Yaml.quoted(title)).append('\n')
                .append("date: ").append(digest.generatedAt().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("template: \"post\"\n")
                .append("draft: false\n")
                .append("slug: ").append(Yaml.quoted(style.slug(digest.mailingDate()))).append('\n')
                .append("category: ").append(Yaml.quoted(style.category())).append('\n')
                .append("tags:\n");
        style.tags().forEach(tag -> post.append("  - ").append(Yaml.quoted(tag)).append('\n'));
        String description = style.titlePrefix().isEmpty() ? "" : style.titlePrefix().substring(0, 1)
                + style.titlePrefix().substring(1).toLowerCase(Locale.ROOT);
        post.append("description: ").append(Yaml.quoted(description + " " + digest.mailingDate())).append('\n')
                .append("socialImage: ").append(Yaml.quoted(style.socialImage())).append('\n')
                .append('\n')
                .append("---\n")
                .append('\n');
    }

    private String emptyNotice(Digest digest) {
        String categories = Markdown.text(String.join(", ", digest.parameters().categories()), UntrustedText.AUTHORS);
        if (digest.listed() == 0) {
            return "No arXiv listing on " + digest.mailingDate() + " for " + categories + ".";
        }
        if (!style.watchlist().isEmpty()) {
            return "None of the " + digest.listed() + " papers listed on " + digest.mailingDate() + " for " + categories
                    + " is on watchlist " + Markdown.text(style.watchlist(), UntrustedText.NAME)
                    + " with a score of at least " + digest.parameters().minScore() + " by " + digest.cutoff().truncatedTo(ChronoUnit.SECONDS) + ".";
        }
        return "None of the " + digest.listed() + " papers listed on " + digest.mailingDate() + " for " + categories
                + " reached a score of " + digest.parameters().minScore() + " (retweets + likes) by "
                + digest.cutoff().truncatedTo(ChronoUnit.SECONDS) + ".";
    }

    private String entry(DigestEntry entry, Map<String, String> trends) {
        String id = entry.paper().arxivId();
        StringBuilder section = new StringBuilder()
                .append("# ").append(entry.rank()).append(". ")
                .append(Markdown.text(entry.paper().title(), UntrustedText.TITLE)).append("\n\n")
                .append(Markdown.text(String.join(", ", entry.paper().authors()), UntrustedText.AUTHORS)).append("\n\n")
                .append(engagementLines(entry));
        String sparkline = trends.get(id);
        if (sparkline != null) {
            section.append("- trend: ").append(sparkline).append("\n\n");
        }
        section
                .append("- links: ").append(Markdown.link("abs", WebUrl.of("https://arxiv.org/abs/" + id)))
                .append(" | ").append(Markdown.link("pdf", WebUrl.of("https://arxiv.org/pdf/" + id))).append('\n')
                .append("- ").append(entry.paper().categories().stream().map(this::category)
                        .collect(Collectors.joining(" | "))).append("\n\n")
                .append(Markdown.text(entry.paper().abstractText(), UntrustedText.ABSTRACT)).append("\n\n");
        for (EmbeddedPost post : entry.posts()) {
            section.append(renderers.forSource(post.source()).embedHtml(post)).append('\n');
        }
        // each source's script once, in source order, after the embeds that need it
        entry.posts().stream().map(EmbeddedPost::source).distinct().sorted()
                .map(source -> renderers.forSource(source).embedScript())
                .filter(script -> !script.isEmpty())
                .forEach(script -> section.append(script).append('\n'));
        return section.toString();
    }

    /**
     * X's line as it has always read (its retweets and likes, with the snapshot time), then one line per other
     * source with engagement; without X, the time goes on a line of the weighted score.
     */
    private String engagementLines(DigestEntry entry) {
        StringBuilder lines = new StringBuilder();
        DigestEntry.SourceTotals x = entry.sources().get(X);
        String time = " (" + SNAPSHOT_TIME.format(entry.snapshotAt()) + ")\n\n";
        if (x != null || entry.sources().isEmpty()) {
            lines.append("- ").append(renderers.forSource(X).summaryLine(
                    x != null ? x : new DigestEntry.SourceTotals(X, 0, 0, 0, 0, 0, 0))).append(time);
        } else {
            lines.append("- score: ").append(entry.score()).append(time);
        }
        entry.sources().values().stream()
                .filter(totals -> !X.equals(totals.source()))
                .filter(totals -> Counts.add(totals.reposts(), totals.likes()) > 0 || totals.replies() > 0)
                .forEach(totals -> lines.append("- ").append(renderers.forSource(totals.source()).summaryLine(totals))
                        .append("\n\n"));
        return lines.toString();
    }

    /** A known, well-formed category links to its arXiv listing; anything else is shown as escaped text only. */
    private String category(String code) {
        if (CategoryTaxonomy.isWellFormed(code) && taxonomy.contains(code)) {
            return Markdown.link(code, WebUrl.of("https://arxiv.org/list/" + code + "/recent"));
        }
        return Markdown.text(code, UntrustedText.CATEGORY);
    }
}
