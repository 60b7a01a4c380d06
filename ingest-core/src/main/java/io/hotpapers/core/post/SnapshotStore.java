package io.hotpapers.core.post;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.nullableLong;
import static io.hotpapers.core.db.internal.ResultSets.saturatedLong;

import io.hotpapers.core.db.DatabaseException;
import io.hotpapers.core.paper.MailingDates;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.jdbi.v3.core.statement.StatementContext;

/** Appends engagement snapshots to the month-partitioned history; re-sending a snapshot changes nothing. */
public final class SnapshotStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private final Jdbi jdbi;
    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    public SnapshotStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Appends snapshots in one transaction, creating missing month partitions; returns how many were new.
     *
     * <p>The posts' keys are looked up in one query and the rows go by {@code COPY} straight into the history, so
     * a write costs about a bare {@code COPY} plus the rollup triggers (which run once per statement). A batch
     * that repeats a stored snapshot (a retry) makes that {@code COPY} fail on the primary key: the batch is then
     * written again through a staging table with {@code ON CONFLICT DO NOTHING}, so re-sending changes nothing.
     */
    public int append(Collection<PostSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return 0;
        }
        ensurePartitions(snapshots);
        return jdbi.inTransaction(handle -> {
            Map<String, Long> keys = postKeys(handle, snapshots);
            // a snapshot of a post not stored has nothing to belong to and is left out; one capture time per post
            Map<String, PostSnapshot> rows = new LinkedHashMap<>();
            for (PostSnapshot snapshot : snapshots) {
                Long key = keys.get(postRef(snapshot.source(), snapshot.postId()));
                if (key != null) {
                    rows.putIfAbsent(key + "\t" + snapshot.capturedAt(), snapshot);
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            String text = copyRows(rows, keys);
            Connection connection = handle.getConnection();
            // a trigger keeps post_latest and the paper rollups (sql/R__rollup_functions.sql)
            OptionalLong copied = copyUnlessStored(connection, text);
            if (copied.isPresent()) {
                return (int) copied.getAsLong();
            }
            handle.execute("""
                    CREATE TEMP TABLE IF NOT EXISTS post_snapshot_resend (
                        post_key bigint, captured_at timestamptz, reposts bigint, likes bigint, replies bigint,
                        quotes bigint, bookmarks bigint, impressions bigint
                    ) ON COMMIT DELETE ROWS
                    """);
            copyIn(connection, "COPY post_snapshot_resend FROM STDIN", text);
            return handle.createUpdate("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes, bookmarks,
                                                impressions)
                    SELECT post_key, captured_at, reposts, likes, replies, quotes, bookmarks, impressions
                    FROM post_snapshot_resend
                    ON CONFLICT (post_key, captured_at) DO NOTHING
                    """).execute();
        });
    }

    /** COPYs the rows into the history, or rolls back and returns nothing when one of them is stored already. */
    private static OptionalLong copyUnlessStored(Connection connection, String rows) {
        try {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                long added = copyIn(connection, "COPY post_snapshots (post_key, captured_at, reposts, likes, replies, "
                        + "quotes, bookmarks, impressions) FROM STDIN", rows);
                connection.releaseSavepoint(beforeCopy);
                return OptionalLong.of(added);
            } catch (DatabaseException e) {
                if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeCopy);
                return OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot write snapshots: " + e.getMessage(), e);
        }
    }

    /** The stored posts' keys by {@link #postRef}, in one query. */
    private static Map<String, Long> postKeys(Handle handle, Collection<PostSnapshot> snapshots) {
        Set<String> refs = new LinkedHashSet<>();
        List<String> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (PostSnapshot snapshot : snapshots) {
            if (refs.add(postRef(snapshot.source(), snapshot.postId()))) {
                sources.add(snapshot.source());
                ids.add(snapshot.postId());
            }
        }
        Map<String, Long> keys = new HashMap<>();
        handle.createQuery("""
                        SELECT p.source, p.post_id, p.post_key
                        FROM unnest(CAST(:sources AS text[]), CAST(:ids AS text[])) AS s (source, post_id)
                        JOIN posts p ON p.source = s.source AND p.post_id = s.post_id
                        """)
                .bindArray("sources", String.class, sources)
                .bindArray("ids", String.class, ids)
                .map((rows, context) -> Map.entry(postRef(rows.getString("source"), rows.getString("post_id")),
                        rows.getLong("post_key")))
                .forEach(entry -> keys.put(entry.getKey(), entry.getValue()));
        return keys;
    }

    /** One string per post: a source name never holds a tab (see posts_source_check). */
    private static String postRef(String source, String postId) {
        return source + "\t" + postId;
    }

    private static String copyRows(Map<String, PostSnapshot> rows, Map<String, Long> keys) {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        for (PostSnapshot snapshot : rows.values()) {
            text.append(keys.get(postRef(snapshot.source(), snapshot.postId()))).append('\t')
                    .append(snapshot.capturedAt()).append('\t')
                    .append(snapshot.reposts()).append('\t').append(snapshot.likes()).append('\t')
                    .append(snapshot.replies()).append('\t').append(snapshot.quotes()).append('\t')
                    .append(snapshot.bookmarks() == null ? "\\N" : snapshot.bookmarks()).append('\t')
                    .append(snapshot.impressions() == null ? "\\N" : snapshot.impressions()).append('\n');
        }
        return text.toString();
    }

    private static long copyIn(Connection connection, String sql, String rows) {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
        } catch (SQLException | IOException e) {
            throw new DatabaseException("cannot stream snapshots to PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The post's snapshots, oldest first. */
    public List<PostSnapshot> history(String source, String postId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT p.source, p.post_id, s.* FROM post_snapshots s JOIN posts p USING (post_key)
                        WHERE p.source = :source AND p.post_id = :id ORDER BY s.captured_at
                        """)
                .bind("source", source)
                .bind("id", postId)
                .map(SnapshotStore::snapshot)
                .list());
    }

    /** The post's latest snapshot taken at or before the cutoff. */
    public Optional<PostSnapshot> latest(String source, String postId, Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT p.source, p.post_id, s.* FROM post_snapshots s JOIN posts p USING (post_key)
                        WHERE p.source = :source AND p.post_id = :id AND s.captured_at <= :cutoff
                        ORDER BY s.captured_at DESC LIMIT 1
                        """)
                .bind("source", source)
                .bind("id", postId)
                .bind("cutoff", cutoff)
                .map(SnapshotStore::snapshot)
                .findOne());
    }

    /**
     * The live posts of a source whose refresh is due now under the policy, with what a refresh round needs to
     * order its work. Only that source's posts: a source never re-reads another's.
     *
     * <p>Its cost follows the due posts, not the history: every post of one first mailing date has the same age,
     * so the policy gives each date of the active window one cutoff, and {@code post_refresh}'s index answers
     * "this date's posts captured at or before its cutoff" as one range per date.
     */
    public List<RefreshCandidate> dueForRefresh(String source, RefreshPolicy policy, Instant now) {
        List<LocalDate> dates = new ArrayList<>();
        List<Instant> cutoffs = new ArrayList<>();
        LocalDate last = now.atZone(MailingDates.ZONE).toLocalDate().plusDays(1);
        for (LocalDate date = now.minus(policy.horizon()).atZone(MailingDates.ZONE).toLocalDate();
             !date.isAfter(last); date = date.plusDays(1)) {
            Instant announced = date.atStartOfDay(MailingDates.ZONE).toInstant();
            Optional<Duration> interval = policy.interval(Duration.between(announced, now));
            if (interval.isPresent()) {
                dates.add(date);
                cutoffs.add(now.minus(interval.get()));
            }
        }
        if (dates.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT p.post_id, d.day::timestamp AT TIME ZONE :zone AS announced_at,
                               nullif(r.captured_at, '-infinity') AS last_at, r.movement
                        FROM unnest(CAST(:dates AS date[]), CAST(:cutoffs AS timestamptz[])) AS d (day, cutoff)
                        JOIN LATERAL (
                            SELECT post_key, captured_at, movement FROM post_refresh
                            WHERE source = :source AND first_mailing = d.day AND captured_at <= d.cutoff) r ON true
                        JOIN posts p ON p.post_key = r.post_key
                        """)
                .bind("source", source)
                .bind("zone", MailingDates.ZONE.getId())
                .bindArray("dates", String.class, dates.stream().map(LocalDate::toString).toList())
                .bindArray("cutoffs", String.class, cutoffs.stream().map(Instant::toString).toList())
                .map((rows, context) -> new RefreshCandidate(rows.getString("post_id"), instant(rows, "announced_at"),
                        instant(rows, "last_at"), saturatedLong(rows, "movement")))
                .list());
    }

    /**
     * Every live post of a source that links a paper first listed after {@code announcedAfter}, due or not: what a
     * planner that weighs the whole window (X's billed-day planner) chooses from.
     */
    public List<RefreshCandidate> refreshCandidates(String source, Instant announcedAfter) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT p.post_id, r.first_mailing::timestamp AT TIME ZONE :zone AS announced_at,
                               nullif(r.captured_at, '-infinity') AS last_at, r.movement,
                               coalesce(x.reposts::numeric + x.likes, 0) AS score,
                               x.previous_captured_at, p.created_at,
                               ARRAY(SELECT pp.arxiv_id FROM post_papers pp
                                     WHERE pp.post_key = r.post_key ORDER BY pp.arxiv_id) AS papers
                        FROM post_refresh r JOIN posts p ON p.post_key = r.post_key
                        LEFT JOIN post_latest x ON x.post_key = r.post_key
                        WHERE r.source = :source AND r.first_mailing::timestamp AT TIME ZONE :zone > :after
                        """)
                .bind("source", source)
                .bind("zone", MailingDates.ZONE.getId())
                .bind("after", announcedAfter)
                .map((rows, context) -> new RefreshCandidate(rows.getString("post_id"), instant(rows, "announced_at"),
                        instant(rows, "last_at"), saturatedLong(rows, "movement"), saturatedLong(rows, "score"),
                        instant(rows, "previous_captured_at"), instant(rows, "created_at"),
                        List.of((String[]) rows.getArray("papers").getArray())))
                .list());
    }

    /**
     * Each paper's reposts + likes by source at the latest snapshots (the rollup), for papers among {@code arxivIds}
     * with any: what a planner adds to its own source's counts to tell whether a paper can reach a digest.
     */
    public Map<String, Map<String, Long>> engagementBySource(Collection<String> arxivIds) {
        Map<String, Map<String, Long>> engagement = new HashMap<>();
        if (arxivIds.isEmpty()) {
            return engagement;
        }
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id, source, reposts::numeric + likes AS engagement FROM paper_source_latest
                        WHERE arxiv_id = ANY (:ids)
                        """)
                .bindArray("ids", String.class, arxivIds.stream().distinct().sorted().toList())
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"),
                        Map.entry(rows.getString("source"), saturatedLong(rows, "engagement"))))
                .forEach(row -> engagement.computeIfAbsent(row.getKey(), id -> new TreeMap<>())
                        .put(row.getValue().getKey(), row.getValue().getValue())));
        return engagement;
    }

    /** A post's reposts + likes as read at one time. */
    public record Reading(Instant capturedAt, long score) {
    }

    /**
     * For each of a source's posts, its latest snapshot at or before the instant given for it (posts without one
     * are left out): an earlier reading than the rollup's two, for a growth estimate over a longer span.
     */
    public Map<String, Reading> readingsAtOrBefore(String source, Map<String, Instant> notAfter) {
        Map<String, Reading> readings = new HashMap<>();
        if (notAfter.isEmpty()) {
            return readings;
        }
        List<String> ids = notAfter.keySet().stream().sorted().toList();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT d.post_id, s.captured_at, s.reposts::numeric + s.likes AS score
                        FROM unnest(CAST(:ids AS text[]), CAST(:ats AS timestamptz[])) AS d (post_id, at)
                        JOIN posts p ON p.source = :source AND p.post_id = d.post_id
                        JOIN LATERAL (
                            SELECT captured_at, reposts, likes FROM post_snapshots
                            WHERE post_key = p.post_key AND captured_at <= d.at
                            ORDER BY captured_at DESC LIMIT 1) s ON true
                        """)
                .bind("source", source)
                .bindArray("ids", String.class, ids)
                .bindArray("ats", String.class, ids.stream().map(id -> notAfter.get(id).toString()).toList())
                .map((rows, context) -> Map.entry(rows.getString("post_id"),
                        new Reading(instant(rows, "captured_at"), saturatedLong(rows, "score"))))
                .forEach(entry -> readings.put(entry.getKey(), entry.getValue())));
        return readings;
    }

    /** The partition that holds a capture time, for operators and tests. */
    public Optional<String> partitionOf(String source, String postId, Instant capturedAt) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT s.tableoid::regclass::text FROM post_snapshots s JOIN posts p USING (post_key)
                        WHERE p.source = :source AND p.post_id = :id AND s.captured_at = :at
                        """)
                .bind("source", source)
                .bind("id", postId)
                .bind("at", capturedAt)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Creates the month partitions the snapshots need, each in its own short transaction: creating a partition
     * locks the parent table, and that lock should not last as long as a big insert.
     */
    private void ensurePartitions(Collection<PostSnapshot> snapshots) {
        TreeMap<YearMonth, Instant> missing = snapshots.stream()
                .filter(snapshot -> !knownPartitions.contains(month(snapshot.capturedAt())))
                .collect(Collectors.toMap(snapshot -> month(snapshot.capturedAt()), PostSnapshot::capturedAt,
                        (first, second) -> first, TreeMap::new));
        missing.forEach((month, instant) -> {
            jdbi.useHandle(handle -> handle.createQuery("SELECT ensure_post_snapshot_partition(:at)")
                    .bind("at", instant)
                    .mapTo(String.class)
                    .one());
            knownPartitions.add(month);
        });
    }

    private static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    private static PostSnapshot snapshot(ResultSet rows, StatementContext context) throws SQLException {
        return new PostSnapshot(
                rows.getString("source"),
                rows.getString("post_id"),
                instant(rows, "captured_at"),
                rows.getLong("reposts"),
                rows.getLong("likes"),
                rows.getLong("replies"),
                rows.getLong("quotes"),
                nullableLong(rows, "bookmarks"),
                nullableLong(rows, "impressions"));
    }
}
