package io.hotpapers.core.paper;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Stores papers and their listings; every write is an idempotent upsert. */
public final class PaperStore {
    private static final String UPSERT_PAPER = """
            INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                submitted_at, last_updated_at, comment, journal_ref, doi, ingested_at, updated_at)
            VALUES (:arxivId, :latestVersion, :title, :abstractText, :authors, :primaryCategory, :categories,
                    :submittedAt, :lastUpdatedAt, :comment, :journalRef, :doi, :now, :now)
            ON CONFLICT (arxiv_id) DO UPDATE SET
                latest_version = EXCLUDED.latest_version, title = EXCLUDED.title, abstract = EXCLUDED.abstract,
                authors = EXCLUDED.authors, primary_category = EXCLUDED.primary_category,
                categories = EXCLUDED.categories, submitted_at = EXCLUDED.submitted_at,
                last_updated_at = EXCLUDED.last_updated_at, comment = EXCLUDED.comment,
                journal_ref = EXCLUDED.journal_ref, doi = EXCLUDED.doi, updated_at = EXCLUDED.updated_at
            -- an unchanged paper is left alone, and an older version never overwrites a newer one
            WHERE EXCLUDED.latest_version >= papers.latest_version
              AND (papers.latest_version, papers.title, papers.abstract, papers.authors, papers.primary_category,
                   papers.categories, papers.submitted_at, papers.last_updated_at, papers.comment,
                   papers.journal_ref, papers.doi)
                  IS DISTINCT FROM
                  (EXCLUDED.latest_version, EXCLUDED.title, EXCLUDED.abstract, EXCLUDED.authors,
                   EXCLUDED.primary_category, EXCLUDED.categories, EXCLUDED.submitted_at, EXCLUDED.last_updated_at,
                   EXCLUDED.comment, EXCLUDED.journal_ref, EXCLUDED.doi)
            """;

    private static final String UPSERT_LISTING = """
            INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
            VALUES (:mailingDate, :category, :arxivId, :announceType)
            ON CONFLICT (mailing_date, category, arxiv_id) DO UPDATE SET announce_type = EXCLUDED.announce_type
            WHERE listings.announce_type <> EXCLUDED.announce_type
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public PaperStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Inserts new papers and updates changed ones in one transaction; returns how many rows changed. */
    public int upsert(Collection<Paper> papers) {
        if (papers.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(UPSERT_PAPER);
            for (Paper paper : papers) {
                batch.bindMethods(paper)
                        .bindArray("authors", String.class, paper.authors())
                        .bindArray("categories", String.class, paper.categories())
                        .bind("now", now)
                        .add();
            }
            return Arrays.stream(batch.execute()).sum();
        });
    }

    /** Records listings in one transaction; returns how many rows were added or changed. */
    public int recordListings(Collection<Listing> listings) {
        if (listings.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(UPSERT_LISTING);
            for (Listing listing : listings) {
                batch.bind("mailingDate", listing.mailingDate())
                        .bind("category", listing.category())
                        .bind("arxivId", listing.arxivId())
                        .bind("announceType", listing.announceType().wireName())
                        .add();
            }
            return Arrays.stream(batch.execute()).sum();
        });
    }

    public Optional<Paper> find(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM papers WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map(PaperStore::paper)
                .findOne());
    }

    /** The listings of one mailing date, ordered by category and id. */
    public List<Listing> listings(LocalDate mailingDate) {
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

    /** When the stored row was first written and last changed, for audits and tests. */
    public Optional<RowTimes> rowTimes(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT ingested_at, updated_at FROM papers WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map((rows, context) -> new RowTimes(instant(rows, "ingested_at"), instant(rows, "updated_at")))
                .findOne());
    }

    /** When hotpapers first stored a row and when it last changed it. */
    public record RowTimes(Instant ingestedAt, Instant updatedAt) {
    }

    private static Paper paper(ResultSet rows, StatementContext context) throws SQLException {
        return new Paper(
                rows.getString("arxiv_id"),
                rows.getInt("latest_version"),
                rows.getString("title"),
                rows.getString("abstract"),
                strings(rows, "authors"),
                rows.getString("primary_category"),
                strings(rows, "categories"),
                instant(rows, "submitted_at"),
                instant(rows, "last_updated_at"),
                rows.getString("comment"),
                rows.getString("journal_ref"),
                rows.getString("doi"));
    }
}
