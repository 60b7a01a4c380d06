package io.hotpapers.core.paper;

import java.time.LocalDate;
import java.util.Objects;

/** One paper in one category's listing on one arXiv mailing date. */
public record Listing(LocalDate mailingDate, String category, String arxivId, AnnounceType announceType) {
    public Listing {
        Objects.requireNonNull(mailingDate, "mailingDate");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(arxivId, "arxivId");
        Objects.requireNonNull(announceType, "announceType");
    }
}
