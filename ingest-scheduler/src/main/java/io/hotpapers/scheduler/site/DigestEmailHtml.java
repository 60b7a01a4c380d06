package io.hotpapers.scheduler.site;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.StoredDigest;
import io.hotpapers.core.text.UntrustedText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML part of a digest e-mail, rendered like the site's digest page: the digest is read as the site reads a
 * stored one ({@link StoredDigests}), each paper gets the site's view ({@link EntryViews}) and the site's counts
 * partial, so both show the same papers, ranks and counts. Made for mail clients: every style inline (they drop
 * {@code <style>} and style sheets), no script, font, image or chart, every link absolute (arXiv, and the site's
 * pages when the site's public URL is known).
 */
public final class DigestEmailHtml {
    /** How much of the abstract the message shows; the site's page and arXiv have the rest. */
    static final int ABSTRACT_SNIPPET = 400;

    /** The inline styles, by the names the template uses: the site's light colours and sizes. */
    private static final Map<String, String> STYLES = Map.ofEntries(
            Map.entry("body", "margin:0;padding:0;background:#ffffff;color:#1b1b1f;"
                    + "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
                    + "font-size:16px;line-height:1.55"),
            Map.entry("outer", "border-collapse:collapse;background:#ffffff"),
            Map.entry("outerCell", "padding:16px"),
            Map.entry("frame", "border-collapse:collapse;max-width:640px;width:100%"),
            Map.entry("frameCell", "text-align:left;color:#1b1b1f"),
            Map.entry("h1", "font-size:26px;line-height:1.25;margin:0 0 8px;color:#1b1b1f"),
            Map.entry("correction", "margin:0 0 12px;padding:8px 12px;background:#fdf1e6;border-left:4px solid #8a4b00;"
                    + "color:#1b1b1f"),
            Map.entry("meta", "margin:0 0 8px;color:#4a4a55;font-size:15px"),
            Map.entry("paragraph", "margin:0 0 12px"),
            Map.entry("entries", "list-style:none;margin:16px 0 0;padding:0"),
            Map.entry("entry", "margin:0 0 16px;padding:8px 0 0;border-top:1px solid #c9c9d3"),
            Map.entry("h2", "font-size:19px;line-height:1.3;margin:0 0 4px;color:#1b1b1f"),
            Map.entry("rank", "color:#4a4a55"),
            Map.entry("titleLink", "color:#0b57d0;text-decoration:underline"),
            Map.entry("link", "color:#0b57d0;text-decoration:underline"),
            Map.entry("authors", "margin:0 0 4px;color:#4a4a55"),
            Map.entry("strong", "color:#1b1b1f"),
            Map.entry("tag", "color:#0b57d0;margin-right:4px"),
            Map.entry("countsList", "list-style:none;margin:4px 0;padding:0;font-size:15px"),
            Map.entry("countsItem", "margin:0 0 2px"),
            Map.entry("countsSpan", "margin-right:12px;white-space:nowrap"),
            Map.entry("abstract", "margin:4px 0;color:#1b1b1f;font-size:15px"),
            Map.entry("links", "margin:4px 0 0;font-size:15px"),
            Map.entry("footer", "margin:24px 0 0;padding-top:12px;border-top:1px solid #c9c9d3;color:#4a4a55;"
                    + "font-size:13px"));

    private final StoredDigests reader;
    private final EntryViews views;
    private final Templates templates = new Templates();
    private final String siteUrl;

    /**
     * @param siteUrl the absolute URL the site's pages are published under ({@code SITE_URL}), or
     *     {@code null}: then the message links arXiv only
     */
    public DigestEmailHtml(SourceRenderers renderers, String siteUrl) {
        this.reader = new StoredDigests(renderers);
        this.views = new EntryViews(renderers);
        this.siteUrl = siteUrl == null ? null : SitePaths.absolute(siteUrl, "");
    }

    /**
     * The message's HTML.
     *
     * @param heading the subject (the digest's title, marked when it is a correction)
     * @param jsonDigest the JSON digest as rendered (its entries are what the site stores and reads)
     * @param arxivIds the papers the message lists, in its order: those of the digest's entries, the others
     *     left out
     * @param pageUrl the whole digest's page (the daily digest's or a watchlist's), or {@code null}
     */
    public String render(String heading, boolean correction, JsonNode jsonDigest, List<String> arxivIds,
                         String pageUrl) {
        SiteDigest digest = reader.read(stored(jsonDigest));
        Map<String, SiteEntry> byId = new LinkedHashMap<>();
        digest.entries().forEach(entry -> byId.putIfAbsent(entry.arxivId(), entry));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String id : arxivIds) {
            SiteEntry entry = byId.get(id);
            if (entry != null) {
                entries.add(entry(entry));
            }
        }
        Map<String, Object> view = new HashMap<>();
        view.put("mail", STYLES);
        view.put("heading", heading);
        view.put("correction", correction);
        view.put("cutoff", digest.cutoff().toString());
        view.put("cutoffText", SiteGenerator.READABLE.format(digest.cutoff()));
        view.put("paperCount", digest.entries().size());
        view.put("shown", entries.size());
        view.put("shownOfListed", !entries.isEmpty() && entries.size() < digest.entries().size());
        view.put("pageUrl", pageUrl);
        view.put("entries", entries);
        view.put("hasEntries", !entries.isEmpty());
        return templates.renderText(Templates.EMAIL, view);
    }

    private Map<String, Object> entry(SiteEntry entry) {
        Map<String, Object> item = views.entry(entry);
        String paperUrl = siteUrl == null ? null : siteUrl + SitePaths.paperPage(entry.arxivId());
        item.put("paperUrl", paperUrl);
        // as on the site: the title leads to the paper's page, or, without a site, to its abstract on arXiv
        item.put("titleUrl", paperUrl != null ? paperUrl : item.get("absUrl"));
        item.put("abstractSnippet", UntrustedText.line(entry.abstractText(), ABSTRACT_SNIPPET));
        List<Map<String, Object>> categories = new ArrayList<>();
        for (String category : entry.categories()) {
            Map<String, Object> link = new HashMap<>();
            link.put("name", category);
            link.put("url", siteUrl == null ? null : siteUrl + SitePaths.categoryPage(category));
            categories.add(link);
        }
        item.put("categoryLinks", categories);
        return item;
    }

    /** The JSON digest as the row the site would read: the same entries, dates and parameters. */
    private static StoredDigest stored(JsonNode json) {
        return new StoredDigest(LocalDate.parse(json.path("mailingDate").asText()), time(json.path("cutoff")),
                json.path("parameters"), time(json.path("generatedAt")), json.path("entries"));
    }

    private static Instant time(JsonNode node) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
