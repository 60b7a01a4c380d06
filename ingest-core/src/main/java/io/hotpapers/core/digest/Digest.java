package io.hotpapers.core.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The ranked digest of one mailing date.
 *
 * @param listed how many papers the date's listings hold for the parameters (0: no announcement)
 */
public record Digest(LocalDate mailingDate, Instant generatedAt, Instant cutoff, DigestParameters parameters,
                     int listed, List<DigestEntry> entries) {
    public Digest {
        entries = List.copyOf(entries);
    }
}
