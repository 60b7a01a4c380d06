package io.hotpapers.core.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The ranked digest of one mailing date.
 *
 * @param listed how many papers the date's listings hold for the parameters (0: no announcement)
 * @param sparklines per arXiv id, a compact Unicode chart of the paper's score since its announcement; empty
 *     unless asked for ({@code --trend})
 * @param missingMetadata the listed papers (arXiv ids) whose metadata is still owed, which the digest cannot show
 */
public record Digest(LocalDate mailingDate, Instant generatedAt, Instant cutoff, DigestParameters parameters,
                     int listed, List<DigestEntry> entries, Map<String, String> sparklines,
                     List<String> missingMetadata) {
    public Digest {
        entries = List.copyOf(entries);
        sparklines = Map.copyOf(sparklines);
        missingMetadata = List.copyOf(missingMetadata);
    }

    /**
     * How many counted posts of its entries were last read before the cutoff's UTC day: 0 means the digest is
     * exact at its cutoff (each count is of that day), more that a budget left some behind.
     */
    public int staleCounts() {
        return entries.stream().mapToInt(DigestEntry::stalePosts).sum();
    }

    /** A digest whose listed papers all have metadata. */
    public Digest(LocalDate mailingDate, Instant generatedAt, Instant cutoff, DigestParameters parameters,
                  int listed, List<DigestEntry> entries, Map<String, String> sparklines) {
        this(mailingDate, generatedAt, cutoff, parameters, listed, entries, sparklines, List.of());
    }
}
