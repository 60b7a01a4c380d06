package io.hotpapers.scheduler.site;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A stored digest as the web site shows it: its date, times and ranked entries, every text already cleaned and
 * bounded ({@link StoredDigests}).
 *
 * @param parameters the parameters as stored (written into the site's JSON as they are)
 * @param fingerprint a digest of everything stored for it: equal fingerprints, equal pages
 */
public record SiteDigest(LocalDate mailingDate, Instant generatedAt, Instant cutoff, JsonNode parameters,
                         List<SiteEntry> entries, String fingerprint) {
    public SiteDigest {
        entries = List.copyOf(entries);
    }
}
