package io.hotpapers.core.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.text.Xml;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

/**
 * Renders the Atom feed of the latest digests (Rome): one entry per digest, linking its post and summarising
 * its top papers. The summary is a text construct (never HTML) and Rome escapes it; titles are cleaned first
 * ({@link Xml}), as a control character would make the feed unreadable XML.
 */
public final class AtomFeedRenderer implements DigestRenderer.Recent {
    /** A tag URI: a permanent id that needs no domain of ours. */
    private static final String FEED_ID = "tag:hotpapers,2021:digests";
    /** The feed's file name in the digest directory. */
    public static final String FILE_NAME = "feed.atom";
    /** How many digests the feed holds. */
    public static final int SIZE = 30;
    /** How many papers an entry's summary names. */
    private static final int SUMMARY_PAPERS = 5;

    private final DigestStyle style;
    private final Function<LocalDate, String> entryLink;
    private final String selfUrl;
    private final String pageUrl;

    /**
     * @param siteUrl where posts are published ({@code https://example.org/posts/}), or {@code null} to link the
     *     Markdown files relatively
     */
    public AtomFeedRenderer(DigestStyle style, String siteUrl) {
        this(style, date -> siteUrl == null ? style.slug(date) + ".md" : style.postUrl(siteUrl, date), null, null);
    }

    private AtomFeedRenderer(DigestStyle style, Function<LocalDate, String> entryLink, String selfUrl,
                             String pageUrl) {
        this.style = style;
        this.entryLink = entryLink;
        this.selfUrl = selfUrl;
        this.pageUrl = pageUrl;
    }

    /**
     * The same feed (same id, titles and entries) published on the web site: each entry links the page
     * {@code entryLink} gives for its date, and the feed links itself and the page it belongs to.
     *
     * @param selfUrl the feed's absolute URL
     * @param pageUrl the absolute URL of the HTML page the feed follows
     * @param entryLink each digest's absolute page URL, by mailing date
     */
    public static AtomFeedRenderer forSite(DigestStyle style, String selfUrl, String pageUrl,
                                           Function<LocalDate, String> entryLink) {
        return new AtomFeedRenderer(style, entryLink, selfUrl, pageUrl);
    }

    @Override
    public DigestFormat format() {
        return DigestFormat.ATOM;
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public int size() {
        return SIZE;
    }

    /** The feed of the given digests, newest first. */
    @Override
    public String render(List<StoredDigest> digests) {
        Feed feed = new Feed("atom_1.0");
        feed.setId(feedId());
        feed.setTitle(style.feedTitle());
        feed.setUpdated(digests.isEmpty() ? new Date(0) : Date.from(digests.get(0).generatedAt()));
        if (selfUrl != null) {
            feed.setOtherLinks(List.of(link("self", selfUrl)));
            feed.setAlternateLinks(List.of(link("alternate", pageUrl)));
        }
        List<Entry> entries = new ArrayList<>();
        for (StoredDigest digest : digests) {
            entries.add(entry(digest));
        }
        feed.setEntries(entries);
        try {
            return new WireFeedOutput().outputString(feed, true);
        } catch (FeedException e) {
            throw new IllegalStateException("cannot render the Atom feed", e);
        }
    }

    /** The daily digests' feed id as it always was; a watchlist's feed has its own. */
    private String feedId() {
        return style.watchlist().isEmpty() ? FEED_ID : FEED_ID + ":watch:" + style.watchlist();
    }

    private Entry entry(StoredDigest digest) {
        String slug = style.slug(digest.mailingDate());
        Entry entry = new Entry();
        entry.setId(feedId() + ":" + slug);
        entry.setTitle(style.title(digest.mailingDate()));
        entry.setUpdated(Date.from(digest.generatedAt()));
        entry.setPublished(Date.from(digest.generatedAt()));
        entry.setAlternateLinks(List.of(link("alternate", entryLink.apply(digest.mailingDate()))));
        Content summary = new Content();
        summary.setType("text");
        summary.setValue(summary(digest.entries()));
        entry.setSummary(summary);
        return entry;
    }

    private static Link link(String rel, String href) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        return link;
    }

    private static String summary(JsonNode entries) {
        if (entries.isEmpty()) {
            return "No paper reached the score threshold.";
        }
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (JsonNode entry : entries) {
            if (shown++ == SUMMARY_PAPERS) {
                text.append("… and ").append(entries.size() - SUMMARY_PAPERS).append(" more.");
                break;
            }
            text.append(entry.path("rank").asInt()).append(". ")
                    .append(Xml.text(entry.path("title").asText(), UntrustedText.TITLE))
                    .append(" (").append(entry.path("score").asLong()).append(")\n");
        }
        return text.toString().strip();
    }
}
