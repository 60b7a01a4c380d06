package io.hotpapers.core.testing;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.MetadataAttempts;
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

    /** The listings of one mailing date, ordered by category and id. */
    public static List<Listing> listings(Jdbi jdbi, LocalDate mailingDate) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM listings WHERE mailing_date = :date ORDER BY category, arxiv_id
                        """)
                .bind("date", mailingDate)
                .map((rows, context) -> new Listing(
                        rows.getObject("mailing_date", LocalDate.class),
                        rows.getString("category"),
                        rows.getString("arxiv_id"),
                        AnnounceType.fromWireName(rows.getString("announce_type"))))
                .list());
    }

    /** Where the metadata attempts for one id stand, if arXiv ever failed to return it. */
    public static Optional<MetadataAttempts> metadataAttempts(Jdbi jdbi, String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM metadata_attempts WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map((rows, context) -> new MetadataAttempts(rows.getString("arxiv_id"), rows.getInt("attempts"),
                        instant(rows, "first_attempt_at"), instant(rows, "last_attempt_at"),
                        instant(rows, "next_attempt_at"), instant(rows, "gave_up_at"), rows.getString("last_reason")))
                .findOne());
    }

    /** One metadata attempt: when, and why it brought nothing. */
    public record Attempt(Instant at, String reason) {
    }

    /** Every metadata attempt for one id, oldest first. */
    public static List<Attempt> metadataHistory(Jdbi jdbi, String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT CAST(h.value ->> 'at' AS timestamptz) AS at, h.value ->> 'reason' AS reason
                        FROM metadata_attempts a, jsonb_array_elements(a.history) WITH ORDINALITY AS h(value, position)
                        WHERE a.arxiv_id = :id ORDER BY h.position
                        """)
                .bind("id", arxivId)
                .map((rows, context) -> new Attempt(instant(rows, "at"), rows.getString("reason")))
                .list());
    }
}
