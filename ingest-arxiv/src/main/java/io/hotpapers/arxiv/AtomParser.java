package io.hotpapers.arxiv;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.synd.SyndPerson;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.run.Skip;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Element;

/**
 * Reads the arXiv query API's Atom (both the legacy and the 2025+ shape) into papers: bytes in, records out.
 *
 * <p>Elements are found by name and namespace, never by position. DOCTYPEs are refused, so no DTD or external
 * entity is ever loaded. An entry that cannot be used is returned as a {@link Skip} with the reason: among them an
 * entry dated (published or updated) in the future or before arXiv existed.
 */
public final class AtomParser {
    /** The arXiv's first day: no paper can be older. */
    static final Instant ARXIV_START = Instant.parse("1991-08-14T00:00:00Z");
    /** How far arXiv's clock may run ahead of ours before a date counts as in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String ERROR_ID_PREFIX = "https://arxiv.org/api/errors";

    private final Clock clock;

    public AtomParser(Clock clock) {
        this.clock = clock;
    }

    /** Parses one response body. */
    public ApiPage parse(byte[] body) {
        Feed feed = SafeFeedInput.read(body, Feed.class, "arXiv API");
        Instant latest = clock.instant().plus(CLOCK_SKEW);
        List<Element> feedMarkup = feed.getForeignMarkup();
        List<Paper> papers = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        int position = 0;
        for (Entry entry : feed.getEntries()) {
            position++;
            rejectErrorEntry(entry);
            try {
                papers.add(paper(entry, latest));
            } catch (UnusableEntryException e) {
                skipped.add(new Skip(e.item(position), e.getMessage()));
            }
        }
        return new ApiPage(
                intValue(feedMarkup, "totalResults", papers.size() + skipped.size()),
                intValue(feedMarkup, "startIndex", 0),
                papers, skipped);
    }

    /** arXiv reports a bad query as a single entry titled "Error" whose summary is the message. */
    private static void rejectErrorEntry(Entry entry) {
        String id = entry.getId() == null ? "" : entry.getId();
        if (id.startsWith(ERROR_ID_PREFIX) || id.startsWith("http://arxiv.org/api/errors")
                || "Error".equals(XmlText.normalize(entry.getTitle()))) {
            String summary = entry.getSummary() == null ? "" : XmlText.normalize(entry.getSummary().getValue());
            throw new ArxivApiException("arXiv API error: " + (summary.isEmpty() ? id : summary));
        }
    }

    private static Paper paper(Entry entry, Instant latest) {
        ArxivId id = ArxivId.parse(entry.getId())
                .orElseThrow(() -> new UnusableEntryException("entry without a usable arXiv id ("
                        + entry.getId() + ")", null, entry.getTitle()));
        String title = required(text(entry.getTitleEx()), "title", id);
        String abstractText = required(text(entry.getSummary()), "summary", id);
        Instant published = plausible(required(instant(entry.getPublished()), "published date", id), "published",
                id, latest);
        Instant updated = plausible(Optional.ofNullable(instant(entry.getUpdated())).orElse(published), "updated", id,
                latest);
        List<String> categories = categories(entry, id);
        List<Element> markup = entry.getForeignMarkup();
        return new Paper(id.id(), version(id, entry), title, abstractText, authors(entry), categories.get(0),
                categories, published, updated,
                XmlText.foreignText(markup, XmlText.ARXIV, "comment").orElse(null),
                XmlText.foreignText(markup, XmlText.ARXIV, "journal_ref").orElse(null),
                XmlText.foreignText(markup, XmlText.ARXIV, "doi").orElse(null));
    }

    /** Primary category first, then the others in arXiv's order, each once. */
    private static List<String> categories(Entry entry, ArxivId id) {
        Set<String> ordered = new LinkedHashSet<>();
        XmlText.foreign(entry.getForeignMarkup(), XmlText.ARXIV, "primary_category")
                .map(element -> element.getAttributeValue("term"))
                .filter(term -> term != null && !term.isBlank())
                .ifPresent(term -> ordered.add(term.strip()));
        for (Category category : entry.getCategories()) {
            if (category.getTerm() != null && !category.getTerm().isBlank()) {
                ordered.add(category.getTerm().strip());
            }
        }
        if (ordered.isEmpty()) {
            throw new UnusableEntryException("entry without categories", id, null);
        }
        return List.copyOf(ordered);
    }

    /** The legacy shape leaves the version out of {@code <id>}; the abs link still carries it. */
    private static int version(ArxivId id, Entry entry) {
        if (id.hasVersion()) {
            return id.version();
        }
        List<Link> links = new ArrayList<>(entry.getAlternateLinks());
        links.addAll(entry.getOtherLinks());
        return links.stream()
                .map(link -> ArxivId.parse(link.getHref()))
                .flatMap(Optional::stream)
                .filter(linked -> linked.id().equals(id.id()) && linked.hasVersion())
                .mapToInt(ArxivId::version)
                .max()
                .orElse(1);
    }

    private static List<String> authors(Entry entry) {
        List<String> names = new ArrayList<>();
        for (SyndPerson author : entry.getAuthors()) {
            String name = XmlText.normalize(author.getName());
            if (name != null && !name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String text(Content content) {
        return content == null ? null : XmlText.normalize(content.getValue());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static <T> T required(T value, String what, ArxivId id) {
        if (value == null || (value instanceof String text && text.isEmpty())) {
            throw new UnusableEntryException("entry without " + what, id, null);
        }
        return value;
    }

    /** A date no arXiv paper can have (in the future, or before arXiv existed) makes the entry unusable. */
    private static Instant plausible(Instant date, String what, ArxivId id, Instant latest) {
        if (date.isAfter(latest)) {
            throw new UnusableEntryException(what + " date is in the future (" + date + ")", id, null);
        }
        if (date.isBefore(ARXIV_START)) {
            throw new UnusableEntryException(what + " date is before arXiv existed (" + date + ")", id, null);
        }
        return date;
    }

    private static int intValue(List<Element> markup, String name, int fallback) {
        return XmlText.foreignText(markup, XmlText.OPENSEARCH, name).map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("arXiv API sent a non-numeric opensearch:" + name + ": " + text);
            }
        }).orElse(fallback);
    }

    /** An entry that cannot become a paper; becomes a {@link Skip}. */
    private static final class UnusableEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ArxivId id;
        private final String title;

        UnusableEntryException(String reason, ArxivId id, String title) {
            super(reason);
            this.id = id;
            this.title = title;
        }

        String item(int position) {
            if (id != null) {
                return id.id();
            }
            return "entry " + position + (title == null ? "" : " (" + XmlText.normalize(title) + ")");
        }
    }
}
