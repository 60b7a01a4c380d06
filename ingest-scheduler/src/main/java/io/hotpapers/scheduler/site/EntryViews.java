package io.hotpapers.scheduler.site;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.SourceRenderers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The view of one ranked paper as the digest templates read it (rank, title, authors, categories, links, each
 * source's counts in its own order): one model for the site's pages and the e-mail, so both show the same.
 */
final class EntryViews {
    private final SourceRenderers renderers;

    EntryViews(SourceRenderers renderers) {
        this.renderers = renderers;
    }

    Map<String, Object> entry(SiteEntry entry) {
        Map<String, Object> item = new HashMap<>();
        item.put("rank", entry.rank());
        item.put("arxivId", entry.arxivId());
        item.put("file", SiteGenerator.fileName(entry.arxivId()));
        item.put("title", entry.title());
        item.put("authors", String.join(", ", entry.authors()));
        item.put("primaryCategory", entry.primaryCategory());
        item.put("categories", entry.categories());
        item.put("abstractText", entry.abstractText());
        item.put("absUrl", "https://arxiv.org/abs/" + entry.arxivId());
        item.put("pdfUrl", "https://arxiv.org/pdf/" + entry.arxivId());
        item.put("score", entry.score());
        item.put("postCount", entry.postCount());
        item.put("sources", sources(entry));
        return item;
    }

    private List<Map<String, Object>> sources(SiteEntry entry) {
        List<Map<String, Object>> sources = new ArrayList<>();
        entry.sources().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(source -> {
            // the stored digest (jsonb) keeps its keys in its own order: show them in the source's, as its line does
            List<String> order = List.copyOf(renderers.forSource(source.getKey())
                    .counts(new DigestEntry.SourceTotals(source.getKey(), 0, 0, 0, 0, 0, 0)).keySet());
            List<Map<String, Object>> counts = new ArrayList<>();
            source.getValue().entrySet().stream()
                    .sorted(Comparator.comparingInt(count -> order.contains(count.getKey())
                            ? order.indexOf(count.getKey()) : order.size()))
                    .forEach(count -> counts.add(Map.of("name", count.getKey(), "value", count.getValue())));
            sources.add(Map.of("source", sourceName(source.getKey()), "counts", counts));
        });
        return sources;
    }

    /** A source as readers know it ("X", "Hacker News"); a source this build has no renderer for, by its id. */
    String sourceName(String source) {
        return renderers.forSource(source).displayName();
    }
}
