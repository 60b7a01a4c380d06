package io.hotpapers.core.paper;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
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

    private static final String UPSERT_LISTINGS = """
            INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
            SELECT * FROM unnest(CAST(:dates AS date[]), CAST(:categories AS text[]), CAST(:ids AS text[]),
                                 CAST(:types AS text[]))
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
        return papers.isEmpty() ? 0 : jdbi.inTransaction(handle -> upsert(handle, papers));
    }

    /** Records listings in one transaction; returns how many rows were added or changed. */
    public int recordListings(Collection<Listing> listings) {
        return listings.isEmpty() ? 0 : jdbi.inTransaction(handle -> recordListings(handle, listings));
    }

    /**
     * Stores a mailing date's papers and listings together, in one transaction: a date is either fully
     * stored or not at all. Returns the rows changed as (papers, listings).
     */
    public StoredCounts storeAnnouncement(Collection<Paper> papers, Collection<Listing> listings) {
        return jdbi.inTransaction(handle -> new StoredCounts(
                papers.isEmpty() ? 0 : upsert(handle, papers),
                listings.isEmpty() ? 0 : recordListings(handle, listings)));
    }

    /** Rows a write changed. */
    public record StoredCounts(int papers, int listings) {
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

    /** The newest mailing date with a listing in any of the categories. */
    public Optional<LocalDate> newestMailingDate(Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT max(mailing_date) FROM listings WHERE category IN (<categories>)
                        """)
                .bindList("categories", List.copyOf(categories))
                .mapTo(LocalDate.class)
                .findOne());
    }

    /** Ids listed on a mailing date that still have no metadata (a failed or interrupted metadata fetch). */
    public List<String> listedWithoutMetadata(LocalDate mailingDate) {
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

    /**
     * Ids listed in any of the categories that still have no metadata and are due to be asked for again: never
     * tried, or tried and not returned with the wait of the policy over; newest mailing first, at most
     * {@code limit}. Ids given up are not owed any more.
     */
    public List<String> owedMetadata(Collection<String> categories, int limit) {
        if (categories.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT l.arxiv_id FROM listings l
                        LEFT JOIN metadata_attempts a ON a.arxiv_id = l.arxiv_id
                        WHERE l.category IN (<categories>)
                          AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)
                          AND (a.arxiv_id IS NULL OR (a.gave_up_at IS NULL AND a.next_attempt_at <= :now))
                        GROUP BY l.arxiv_id
                        ORDER BY max(l.mailing_date) DESC, l.arxiv_id
                        LIMIT :limit
                        """)
                .bindList("categories", List.copyOf(categories))
                .bind("now", clock.instant())
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    /** The ids among {@code ids} that may be asked for now: not given up and not waiting for their next attempt. */
    public List<String> dueForMetadata(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<String> waiting = Set.copyOf(jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id FROM metadata_attempts
                        WHERE arxiv_id IN (<ids>) AND (gave_up_at IS NOT NULL OR next_attempt_at > :now)
                        """)
                .bindList("ids", List.copyOf(ids))
                .bind("now", clock.instant())
                .mapTo(String.class)
                .list()));
        return ids.stream().filter(id -> !waiting.contains(id)).distinct().toList();
    }

    /**
     * Records one more attempt for each id arXiv did not return (id to reason), schedules the next one by the
     * policy or, after the last, gives the id up; ids already given up are left alone. Returns where each stands.
     */
    public List<MetadataAttempts> recordMissingMetadata(Map<String, String> reasons, MetadataRetryPolicy policy) {
        if (reasons.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(handle -> handle.createQuery("""
                        INSERT INTO metadata_attempts AS a (arxiv_id, attempts, first_attempt_at, last_attempt_at,
                                                           next_attempt_at, gave_up_at, last_reason, history)
                        SELECT t.id, 1, CAST(:now AS timestamptz), CAST(:now AS timestamptz),
                               CASE WHEN :max > 1 THEN CAST(:now AS timestamptz)
                                    + make_interval(secs => (CAST(:spacing AS bigint[]))[1]) END,
                               CASE WHEN :max <= 1 THEN CAST(:now AS timestamptz) END,
                               t.reason,
                               jsonb_build_array(jsonb_build_object('at', CAST(:now AS timestamptz), 'reason', t.reason))
                        FROM unnest(CAST(:ids AS text[]), CAST(:reasons AS text[])) AS t(id, reason)
                        ON CONFLICT (arxiv_id) DO UPDATE SET
                            attempts = a.attempts + 1,
                            last_attempt_at = EXCLUDED.last_attempt_at,
                            next_attempt_at = CASE WHEN a.attempts + 1 < :max THEN EXCLUDED.last_attempt_at
                                + make_interval(secs => (CAST(:spacing AS bigint[]))[a.attempts + 1]) END,
                            gave_up_at = CASE WHEN a.attempts + 1 >= :max THEN EXCLUDED.last_attempt_at END,
                            last_reason = EXCLUDED.last_reason,
                            history = a.history || EXCLUDED.history
                        WHERE a.gave_up_at IS NULL
                        RETURNING *
                        """)
                .bind("now", clock.instant())
                .bind("max", policy.maxAttempts())
                .bindArray("spacing", Long.class, policy.spacing().stream().map(Duration::toSeconds).toList())
                .bindArray("ids", String.class, List.copyOf(reasons.keySet()))
                .bindArray("reasons", String.class, List.copyOf(reasons.values()))
                .map(PaperStore::attempts)
                .list());
    }

    /** Where the attempts for one id stand, with their history, if arXiv ever failed to return it. */
    public Optional<MetadataAttempts> metadataAttempts(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM metadata_attempts WHERE arxiv_id = :id")
                .bind("id", arxivId)
                .map(PaperStore::attempts)
                .findOne());
    }

    /** Every attempt for one id, oldest first. */
    public List<MetadataAttempts.Attempt> metadataHistory(String arxivId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT CAST(h.value ->> 'at' AS timestamptz) AS at, h.value ->> 'reason' AS reason
                        FROM metadata_attempts a, jsonb_array_elements(a.history) WITH ORDINALITY AS h(value, position)
                        WHERE a.arxiv_id = :id ORDER BY h.position
                        """)
                .bind("id", arxivId)
                .map((rows, context) -> new MetadataAttempts.Attempt(instant(rows, "at"), rows.getString("reason")))
                .list());
    }

    /** How many papers listed in the categories lack metadata: still owed, and given up for good. */
    public OwedMetadata owedMetadataCount(Collection<String> categories) {
        if (categories.isEmpty()) {
            return new OwedMetadata(0, 0);
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FILTER (WHERE a.gave_up_at IS NULL) AS owed,
                               count(*) FILTER (WHERE a.gave_up_at IS NOT NULL) AS given_up
                        FROM (SELECT DISTINCT l.arxiv_id FROM listings l
                              WHERE l.category IN (<categories>)
                                AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)) missing
                        LEFT JOIN metadata_attempts a ON a.arxiv_id = missing.arxiv_id
                        """)
                .bindList("categories", List.copyOf(categories))
                .map((rows, context) -> new OwedMetadata(rows.getLong("owed"), rows.getLong("given_up")))
                .one());
    }

    /**
     * Listed papers without metadata.
     *
     * @param owed still to be asked for
     * @param givenUp not returned by arXiv after every attempt: permanent skips
     */
    public record OwedMetadata(long owed, long givenUp) {
    }

    /** How many papers listed in the categories on the date still owe metadata (not given up). */
    public int owedMetadataOn(LocalDate mailingDate, Collection<String> categories) {
        if (categories.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(DISTINCT l.arxiv_id) FROM listings l
                        LEFT JOIN metadata_attempts a ON a.arxiv_id = l.arxiv_id
                        WHERE l.mailing_date = :date AND l.category IN (<categories>)
                          AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)
                          AND a.gave_up_at IS NULL
                        """)
                .bind("date", mailingDate)
                .bindList("categories", List.copyOf(categories))
                .mapTo(Integer.class)
                .one());
    }

    /** The oldest mailing date with a listing in any of the categories: where hotpapers' records begin. */
    public Optional<LocalDate> oldestMailingDate(Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT min(mailing_date) FROM listings WHERE category IN (<categories>)
                        """)
                .bindList("categories", List.copyOf(categories))
                .mapTo(LocalDate.class)
                .findOne());
    }

    /** Whether any listing of the mailing date is stored in any of the categories. */
    public boolean hasListings(LocalDate mailingDate, Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM listings WHERE mailing_date = :date AND category IN (<categories>))
                        """)
                .bind("date", mailingDate)
                .bindList("categories", List.copyOf(categories))
                .mapTo(Boolean.class)
                .one());
    }

    private static MetadataAttempts attempts(ResultSet rows, StatementContext context) throws SQLException {
        return new MetadataAttempts(rows.getString("arxiv_id"), rows.getInt("attempts"),
                instant(rows, "first_attempt_at"), instant(rows, "last_attempt_at"), instant(rows, "next_attempt_at"),
                instant(rows, "gave_up_at"), rows.getString("last_reason"));
    }

    private int upsert(Handle handle, Collection<Paper> papers) {
        Instant now = clock.instant();
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

    /**
     * One statement for all the listings (the last of duplicates wins): the rollup triggers then take their locks
     * once and in order, so that concurrent writers cannot deadlock.
     */
    private static int recordListings(Handle handle, Collection<Listing> listings) {
        Map<List<Object>, Listing> unique = new LinkedHashMap<>();
        listings.forEach(listing -> unique.put(
                List.of(listing.mailingDate(), listing.category(), listing.arxivId()), listing));
        return handle.createUpdate(UPSERT_LISTINGS)
                .bindArray("dates", String.class,
                        unique.values().stream().map(listing -> listing.mailingDate().toString()).toList())
                .bindArray("categories", String.class, unique.values().stream().map(Listing::category).toList())
                .bindArray("ids", String.class, unique.values().stream().map(Listing::arxivId).toList())
                .bindArray("types", String.class,
                        unique.values().stream().map(listing -> listing.announceType().wireName()).toList())
                .execute();
    }

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
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM papers WHERE arxiv_id = ANY (:ids)")
                .bindArray("ids", String.class, arxivIds)
                .map(PaperStore::paper)
                .collect(Collectors.toMap(Paper::arxivId, paper -> paper)));
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
     * A listed paper, for the social side: its id, first mailing date and latest known version.
     *
     * @param submittedAt when version 1 was submitted, or {@code null} while metadata is missing
     */
    public record ListedPaper(String arxivId, LocalDate firstMailing, int latestVersion, Instant submittedAt) {
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
