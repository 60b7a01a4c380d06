package io.hotpapers.core.digest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A rendered digest as stored: which mailing date, the engagement cutoff, the parameters that shaped it and
 * its ranked entries.
 */
public record StoredDigest(LocalDate mailingDate, Instant cutoff, JsonNode parameters, Instant generatedAt,
                           JsonNode entries) {
    public StoredDigest {
        Objects.requireNonNull(mailingDate, "mailingDate");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(entries, "entries");
        cutoff = cutoff.truncatedTo(ChronoUnit.MICROS);
        generatedAt = generatedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
