package io.hotpapers.core.paper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A paper as the arXiv API describes its latest version.
 *
 * @param arxivId id without version ({@code 2105.04026}, {@code hep-th/9901001})
 * @param categories all categories, the primary one first, then the others in arXiv's order
 * @param submittedAt submission time of version 1
 * @param lastUpdatedAt submission time of the latest version
 * @param comment author comment, or {@code null}
 * @param journalRef journal reference, or {@code null}
 * @param doi DOI, or {@code null}
 */
public record Paper(
        String arxivId,
        int latestVersion,
        String title,
        String abstractText,
        List<String> authors,
        String primaryCategory,
        List<String> categories,
        Instant submittedAt,
        Instant lastUpdatedAt,
        String comment,
        String journalRef,
        String doi) {

    public Paper {
        Objects.requireNonNull(arxivId, "arxivId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(abstractText, "abstractText");
        Objects.requireNonNull(primaryCategory, "primaryCategory");
        if (latestVersion < 1) {
            throw new IllegalArgumentException("latestVersion must be at least 1, got " + latestVersion);
        }
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        if (categories.isEmpty() || !categories.get(0).equals(primaryCategory)) {
            throw new IllegalArgumentException("categories must start with the primary category " + primaryCategory
                    + ", got " + categories);
        }
        // PostgreSQL keeps microseconds; truncating here makes a stored paper equal to the one written.
        submittedAt = submittedAt.truncatedTo(ChronoUnit.MICROS);
        lastUpdatedAt = lastUpdatedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
