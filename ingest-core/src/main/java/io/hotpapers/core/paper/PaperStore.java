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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** Stores papers (arXiv metadata, latest version); every write is an idempotent upsert. */
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

    private final Jdbi jdbi;
    private final Clock clock;

    public PaperStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Inserts new papers and updates changed ones in one transaction; returns how many rows changed. */
    public int upsert(Collection<Paper> papers) {
        return papers.isEmpty() ? 0 : jdbi.inTransaction(handle -> upsert(handle, papers, clock.instant()));
    }

    /**
     * The ids (without version) whose metadata is missing or older than the listed version: the papers a
     * metadata request must ask for.
     */
    public List<String> needingMetadata(Collection<ArxivId> listed) {
        if (listed.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> stored = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id, latest_version FROM papers WHERE arxiv_id IN (<ids>)
                        """)
                .bindList("ids", listed.stream().map(ArxivId::id).distinct().toList())
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getInt("latest_version")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        Set<String> needed = new LinkedHashSet<>();
        for (ArxivId id : listed) {
            Integer version = stored.get(id.id());
            if (version == null || version < id.version()) {
                needed.add(id.id());
            }
        }
        return List.copyOf(needed);
    }

    /** Upserts within the caller's transaction (see {@link ListingStore#storeAnnouncement}). */
    static int upsert(Handle handle, Collection<Paper> papers, Instant now) {
        PreparedBatch batch = handle.prepareBatch(UPSERT_PAPER);
        for (Paper paper : papers) {
            batch.bindMethods(paper)
                    .bindArray("authors", String.class, paper.authors())
                    .bindArray("categories", String.class, paper.categories())
                    .bind("now", now)
                    .add();
        }
        return Arrays.stream(batch.execute()).sum();
    }

    /** The stored paper, if any. */
    public Optional<Paper> find(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM papers WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map(PaperStore::paper)
                .findOne());
    }

    /** The stored papers among the ids, by id, in one query. */
    public Map<String, Paper> findAll(Collection<String> arxivIds) {
        if (arxivIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> findAll(handle, arxivIds));
    }

    /** The stored papers among the ids, by id, in one query on the caller's handle (and so in its transaction). */
    public Map<String, Paper> findAll(Handle handle, Collection<String> arxivIds) {
        if (arxivIds.isEmpty()) {
            return Map.of();
        }
        return handle.createQuery("SELECT * FROM papers WHERE arxiv_id = ANY (:ids)")
                .bindArray("ids", String.class, arxivIds)
                .map(PaperStore::paper)
                .collect(Collectors.toMap(Paper::arxivId, paper -> paper));
    }

    /**
     * The papers listed in any of the categories on a mailing date from {@code from} to {@code to}, with their
     * latest known version (1 while metadata is missing), oldest mailing first.
     */
    public List<ListedPaper> listedPapers(Collection<String> categories, LocalDate from, LocalDate to) {
        if (categories.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT l.arxiv_id, min(l.mailing_date) AS first_mailing, coalesce(max(p.latest_version), 1) AS version,
                               min(p.submitted_at) AS submitted_at
                        FROM listings l LEFT JOIN papers p ON p.arxiv_id = l.arxiv_id
                        WHERE l.category IN (<categories>) AND l.mailing_date BETWEEN :from AND :to
                        GROUP BY l.arxiv_id
                        ORDER BY first_mailing, l.arxiv_id
                        """)
                .bindList("categories", List.copyOf(categories))
                .bind("from", from)
                .bind("to", to)
                .map((rows, context) -> new ListedPaper(rows.getString("arxiv_id"),
                        rows.getObject("first_mailing", LocalDate.class), rows.getInt("version"),
                        instant(rows, "submitted_at")))
                .list());
    }

    /**
     * Those of the ids listed in any of the categories on a mailing date from {@code from} to {@code to}: the
     * {@link #listedPapers} window asked about a few papers at once (a stream checks the papers its posts link).
     */
    public Set<String> listedAmong(Collection<String> arxivIds, Collection<String> categories, LocalDate from,
                                   LocalDate to) {
        if (arxivIds.isEmpty() || categories.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT arxiv_id FROM listings
                        WHERE arxiv_id = ANY (:ids) AND category IN (<categories>)
                          AND mailing_date BETWEEN :from AND :to
                        """)
                .bindArray("ids", String.class, arxivIds)
                .bindList("categories", List.copyOf(categories))
                .bind("from", from)
                .bind("to", to)
                .mapTo(String.class)
                .collect(Collectors.toSet()));
    }

    /**
     * A listed paper, for the social side: its id, first mailing date and latest known version.
     *
     * @param submittedAt when version 1 was submitted, or {@code null} while metadata is missing
     */
    public record ListedPaper(String arxivId, LocalDate firstMailing, int latestVersion, Instant submittedAt) {
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
