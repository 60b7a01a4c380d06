package io.hotpapers.core.testing;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads of stored rows that only tests need, kept out of the stores' public API. */
public final class StoredRows {
    private StoredRows() {
    }

    /** Ids listed on a mailing date that still have no metadata (a failed or interrupted metadata fetch). */
    public static List<String> listedWithoutMetadata(Jdbi jdbi, LocalDate mailingDate) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT l.arxiv_id FROM listings l
                        WHERE l.mailing_date = :date
                          AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)
                        ORDER BY l.arxiv_id
                        """)
                .bind("date", mailingDate)
                .mapTo(String.class)
                .list());
    }

    /** When hotpapers first stored a paper's row and when it last changed it. */
    public record RowTimes(Instant ingestedAt, Instant updatedAt) {
    }

    /** A paper row's write times, to tell an untouched row from a rewritten one. */
    public static Optional<RowTimes> paperRowTimes(Jdbi jdbi, String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT ingested_at, updated_at FROM papers WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map((rows, context) -> new RowTimes(instant(rows, "ingested_at"), instant(rows, "updated_at")))
                .findOne());
    }
}
