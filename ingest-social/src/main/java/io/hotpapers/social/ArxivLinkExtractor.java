package io.hotpapers.social;

import io.hotpapers.core.paper.ArxivId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Resolves links to the arXiv papers they point at: arxiv.org abs, pdf, html and format pages (any version,
 * {@code www.} and {@code export.} hosts, {@code .pdf} suffix), alphaxiv.org/abs and huggingface.co/papers.
 * Anything else, including text that merely mentions an id, resolves to nothing.
 */
public final class ArxivLinkExtractor {
    private static final Set<String> ARXIV_PAGES = Set.of("abs", "pdf", "html", "format");

    /** The papers (ids without version) that the links point at. */
    public Set<String> paperIds(Collection<String> links) {
        Set<String> ids = new LinkedHashSet<>();
        for (String link : links) {
            paperId(link).ifPresent(ids::add);
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
