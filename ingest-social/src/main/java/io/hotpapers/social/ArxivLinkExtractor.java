package io.hotpapers.social;

import io.hotpapers.core.paper.ArxivId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Resolves links to the arXiv papers they point at: arxiv.org abs, pdf, html and format pages (any version,
 * {@code www.} and {@code export.} hosts, {@code .pdf} suffix), alphaxiv.org/abs and huggingface.co/papers.
 * Anything else, including text that merely mentions an id, resolves to nothing.
 *
 * <p>Links written into a post's text without markup (Bluesky clients may leave a pasted link without a link
 * facet) are found by {@link #paperIdsInText}: only addresses on those hosts, with or without a scheme, and never a
 * shortened one (a visible text that ends in an ellipsis may show a cut id).
 */
public final class ArxivLinkExtractor {
    private static final Set<String> ARXIV_PAGES = Set.of("abs", "pdf", "html", "format");
    /** A bare address on one of the hosts above, up to the next white space. */
    private static final Pattern BARE_LINK = Pattern.compile(
            "(?i)(?<![\\w.@/-])(?:https?://)?(?:(?:www|export)\\.)?(?:arxiv\\.org|alphaxiv\\.org|huggingface\\.co)/\\S+");
    /** Punctuation that ends a sentence or closes a bracket after a link, not part of it. */
    private static final String TRAILING = ".,;:!?)]}>'\"";
    /** Longer text is not scanned: no post network allows it, and a regular expression must not run unbounded. */
    static final int MAX_TEXT_SCANNED = 20_000;

    /** The papers (ids without version) that the links point at. */
    public Set<String> paperIds(Collection<String> links) {
        Set<String> ids = new LinkedHashSet<>();
        for (String link : links) {
            paperId(link).ifPresent(ids::add);
        }
        return ids;
    }

    /** The papers that addresses written in plain text point at, in order of appearance. */
    public Set<String> paperIdsInText(String text) {
        Set<String> ids = new LinkedHashSet<>();
        if (text == null) {
            return ids;
        }
        Matcher matcher = BARE_LINK.matcher(text.length() > MAX_TEXT_SCANNED ? text.substring(0, MAX_TEXT_SCANNED) : text);
        while (matcher.find()) {
            String link = matcher.group();
            if (link.endsWith("...") || link.endsWith("\u2026")) {
                continue; // shortened for display: the id may be cut
            }
            while (!link.isEmpty() && TRAILING.indexOf(link.charAt(link.length() - 1)) >= 0) {
                link = link.substring(0, link.length() - 1);
            }
            String absolute = link.regionMatches(true, 0, "http", 0, 4) ? link : "https://" + link;
            paperId(absolute).ifPresent(ids::add);
        }
        return ids;
    }

    /** The paper a single link points at, if it points at one. */
    public Optional<String> paperId(String link) {
        HttpUrl url = link == null ? null : HttpUrl.parse(link.strip());
        if (url == null || url.pathSegments().size() < 2) {
            return Optional.empty();
        }
        String host = url.host().toLowerCase(Locale.ROOT);
        String first = url.pathSegments().get(0);
        // old-style ids span two segments (hep-th/9901001), new-style ids one
        String rest = String.join("/", url.pathSegments().subList(1, url.pathSegments().size()));
        boolean arxiv = (host.equals("arxiv.org") || host.equals("www.arxiv.org") || host.equals("export.arxiv.org"))
                && ARXIV_PAGES.contains(first);
        boolean alphaxiv = (host.equals("alphaxiv.org") || host.equals("www.alphaxiv.org")) && first.equals("abs");
        boolean huggingFace = (host.equals("huggingface.co") || host.equals("www.huggingface.co"))
                && first.equals("papers");
        if (!arxiv && !alphaxiv && !huggingFace) {
            return Optional.empty();
        }
        return ArxivId.parse(rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest).map(ArxivId::id);
    }
}
