package io.hotpapers.arxiv;

import com.rometools.rome.feed.rss.Category;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.run.Skip;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads arXiv's RSS listing feed ({@code rss.arxiv.org/rss/cat1+cat2}): bytes in, announcement out.
 *
 * <p>DOCTYPEs are refused, so no DTD or external entity is ever loaded.
 */
public final class ListingFeedParser {
    private static final Pattern ANNOUNCE_TYPE = Pattern.compile("Announce Type:\\s*([a-z-]+)");

    /** Parses a successful feed. */
    public ListingFeed parse(byte[] body) {
        Channel channel = read(body);
        if (channel.getPubDate() == null) {
            throw new MalformedResponseException("arXiv listing feed without a pubDate");
        }
        LocalDate mailingDate = LocalDate.ofInstant(channel.getPubDate().toInstant(), MailingDates.ZONE);
        List<ListingItem> items = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        int position = 0;
        for (Item item : channel.getItems()) {
            position++;
            Optional<ArxivId> id = id(item);
            Optional<AnnounceType> type = announceType(item);
            List<String> categories = categories(item);
            if (id.isEmpty()) {
                skipped.add(new Skip("item " + position + " (" + XmlText.normalize(item.getTitle()) + ")",
                        "listing item without a usable arXiv id"));
            } else if (type.isEmpty()) {
                skipped.add(new Skip(id.get().id(), "listing item without a known announce type"));
            } else if (categories.isEmpty()) {
                skipped.add(new Skip(id.get().id(), "listing item without categories"));
            } else {
                items.add(new ListingItem(id.get(), type.get(), categories));
            }
        }
        return new ListingFeed(mailingDate, items, skipped);
    }

    /** The message of arXiv's error feed (sent with HTTP 400 for a bad category), if the body is one. */
    public Optional<String> errorMessage(byte[] body) {
        try {
            Channel channel = read(body);
            return Optional.ofNullable(XmlText.normalize(channel.getDescription())).filter(text -> !text.isEmpty());
        } catch (MalformedResponseException e) {
            return Optional.empty();
        }
    }

    private static Channel read(byte[] body) {
        return SafeFeedInput.read(body, Channel.class, "arXiv listing feed");
    }

    private static Optional<ArxivId> id(Item item) {
        Optional<ArxivId> fromGuid = item.getGuid() == null ? Optional.empty() : ArxivId.parse(item.getGuid().getValue());
        return fromGuid.or(() -> ArxivId.parse(item.getLink()));
    }

    private static Optional<AnnounceType> announceType(Item item) {
        Optional<String> declared = XmlText.foreignText(item.getForeignMarkup(), XmlText.ARXIV, "announce_type");
        Optional<String> fromDescription = Optional.ofNullable(item.getDescription())
                .map(description -> ANNOUNCE_TYPE.matcher(description.getValue()))
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1));
        return declared.or(() -> fromDescription).flatMap(ListingFeedParser::knownType);
    }

    private static Optional<AnnounceType> knownType(String name) {
        try {
            return Optional.of(AnnounceType.fromWireName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The feed lists the primary category first, then the cross-lists. */
    private static List<String> categories(Item item) {
        Set<String> categories = new LinkedHashSet<>();
        for (Category category : item.getCategories()) {
            if (category.getValue() != null && !category.getValue().isBlank()) {
                categories.add(category.getValue().strip());
            }
        }
        return List.copyOf(categories);
    }
}
