package io.hotpapers.core.paper;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Stores the attempts to fetch metadata arXiv did not return, and answers which listed papers still owe
 * metadata: due again, waiting, or given up.
 */
public final class MetadataAttemptStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public MetadataAttemptStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Ids listed in any of the categories that still have no metadata and are due to be asked for again: never
     * tried, or tried and not returned with the wait of the policy over; newest mailing first, at most
     * {@code limit}. Ids given up are not owed any more.
     */
    public List<String> owed(Collection<String> categories, int limit) {
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
    public List<String> due(Collection<String> ids) {
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
    public List<MetadataAttempts> recordMissing(Map<String, String> reasons, MetadataRetryPolicy policy) {
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
                .map(MetadataAttemptStore::attempts)
                .list());
    }

    /** How many papers listed in the categories lack metadata: still owed, and given up for good. */
    public OwedMetadata owedCount(Collection<String> categories) {
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
    public int owedOn(LocalDate mailingDate, Collection<String> categories) {
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

    private static MetadataAttempts attempts(ResultSet rows, StatementContext context) throws SQLException {
        return new MetadataAttempts(rows.getString("arxiv_id"), rows.getInt("attempts"),
                instant(rows, "first_attempt_at"), instant(rows, "last_attempt_at"), instant(rows, "next_attempt_at"),
                instant(rows, "gave_up_at"), rows.getString("last_reason"));
    }
}
