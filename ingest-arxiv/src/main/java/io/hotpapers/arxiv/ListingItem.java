package io.hotpapers.arxiv;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.ArxivId;
import java.util.List;
import java.util.Objects;

/**
 * One paper in a listing feed.
 *
 * @param announceType the type relative to the whole feed (arXiv's {@code arxiv:announce_type})
 * @param categories the paper's categories, primary first
 */
public record ListingItem(ArxivId id, AnnounceType announceType, List<String> categories) {
    public ListingItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(announceType, "announceType");
        categories = List.copyOf(categories);
    }

    /** Whether the item announces a new version of an earlier paper. */
    public boolean isReplacement() {
        return announceType == AnnounceType.REPLACE || announceType == AnnounceType.REPLACE_CROSS;
    }
}
