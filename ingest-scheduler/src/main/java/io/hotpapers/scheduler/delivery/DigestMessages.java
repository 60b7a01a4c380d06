package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.JsonRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.watch.WatchlistDigests;
import io.hotpapers.scheduler.site.SitePaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds the message of a digest for delivery, and the fingerprint that tells a changed digest from a rerun. */
public final class DigestMessages {
    /** Authors shown before "et al.": a chat line stays one line. */
    private static final int MAX_AUTHORS = 5;

    private final ObjectMapper json;
    private final DigestStyle style;
    private final SourceRenderers renderers;
    private final String siteUrl;
    private final String postsUrl;
    private final int topPapers;

    /**
     * @param siteUrl the URL the web site is published under ({@code SITE_URL}, set explicitly), or {@code null}:
     *     the message links the digest's page there ({@link SitePaths#digestPage}, or the watchlist's)
     * @param postsUrl where the Markdown posts are published ({@code DIGEST_SITE_URL}), or {@code null}: without a
     *     site, the daily digest's message links its post there
     */
    public DigestMessages(ObjectMapper json, DigestStyle style, SourceRenderers renderers, String siteUrl,
                          String postsUrl, int topPapers) {
        this.json = json;
        this.style = style;
        this.renderers = renderers;
        this.siteUrl = siteUrl;
        this.postsUrl = postsUrl;
        this.topPapers = topPapers;
    }

    /** The daily digest's message (watchlist "") or a watchlist's. */
    public DigestMessage of(Digest digest, String watchlist) {
        List<DigestMessage.Paper> papers = new ArrayList<>();
        for (DigestEntry entry : digest.entries()) {
            if (papers.size() == topPapers) {
                break;
            }
            String id = entry.paper().arxivId();
            if (ArxivId.parse(id).map(ArxivId::id).filter(id::equals).isEmpty()) {
                continue; // never put an id that is not one into a link
            }
            papers.add(new DigestMessage.Paper(entry.rank(), entry.paper().arxivId(),
                    UntrustedText.line(entry.paper().title(), UntrustedText.TITLE), authors(entry.paper().authors()),
                    entry.score(), engagement(entry)));
        }
        // a watchlist's digest has its own title and its own page, under watch/<name>/
        DigestStyle styled = watchlist.isEmpty() ? style : style.forWatchlist(watchlist);
        String pageUrl = pageUrl(digest.mailingDate(), watchlist);
        try {
            return new DigestMessage(digest.mailingDate(), watchlist, styled.title(digest.mailingDate()), false,
                    pageUrl, papers, digest.entries().size(),
                    json.readTree(new JsonRenderer(json, styled, renderers).render(digest)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the JSON digest does not read back", e);
        }
    }

    private String pageUrl(LocalDate date, String watchlist) {
        if (siteUrl != null) {
            return SitePaths.absolute(siteUrl, watchlist.isEmpty()
                    ? SitePaths.digestPage(date) : SitePaths.watchlistPage(watchlist, date));
        }
        // without a site, the published post: where the digest's own Atom feed links it
        if (postsUrl == null) {
            return null;
        }
        return watchlist.isEmpty() ? style.postUrl(postsUrl, date)
                : style.forWatchlist(watchlist).postUrl(WatchlistDigests.siteUrl(postsUrl, watchlist), date);
    }

    /**
     * What a reader of the message would notice changing: date, watchlist, and each listed paper's rank, id, title,
     * authors, score and engagement lines. Generation times are left out, so a rerun of an unchanged digest has the
     * same fingerprint.
     */
    public String fingerprint(DigestMessage message) {
        ObjectNode content = json.createObjectNode();
        content.put("date", message.mailingDate().toString());
        content.put("watchlist", message.watchlist());
        content.put("listed", message.listedPapers());
        ArrayNode papers = content.putArray("papers");
        for (DigestMessage.Paper paper : message.papers()) {
            ObjectNode node = papers.addObject();
            node.put("rank", paper.rank()).put("id", paper.arxivId()).put("title", paper.title())
                    .put("authors", paper.authors()).put("score", paper.score());
            paper.engagement().forEach(node.putArray("engagement")::add);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the digest", e);
        }
    }

    private static String authors(List<String> authors) {
        List<String> shown = authors.stream().limit(MAX_AUTHORS)
                .map(author -> UntrustedText.line(author, UntrustedText.NAME)).toList();
        String line = String.join(", ", shown);
        return authors.size() > MAX_AUTHORS ? line + " et al." : line;
    }

    private List<String> engagement(DigestEntry entry) {
        return entry.sources().values().stream()
                .map(totals -> renderers.forSource(totals.source()).summaryLine(totals))
                .toList();
    }
}
