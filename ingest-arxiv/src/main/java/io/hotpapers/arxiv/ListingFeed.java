package io.hotpapers.arxiv;

import io.hotpapers.core.run.Skip;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The current announcement of arXiv's listing feed.
 *
 * @param mailingDate the feed's date in US Eastern time
 * @param items the papers announced; empty on weekends and holidays ("no announcement")
 * @param skipped items that could not be used, with the reason
 */
public record ListingFeed(LocalDate mailingDate, List<ListingItem> items, List<Skip> skipped) {
    public ListingFeed {
        Objects.requireNonNull(mailingDate, "mailingDate");
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    public boolean isAnnouncement() {
        return !items.isEmpty() || !skipped.isEmpty();
    }
}
