package io.hotpapers.core.tweet;

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
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.jdbi.v3.core.statement.StatementContext;

/** Appends engagement snapshots to the month-partitioned history; re-sending a snapshot changes nothing. */
public final class SnapshotStore {
    private final Jdbi jdbi;
    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();

    public SnapshotStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Appends snapshots in one transaction, creating missing month partitions; returns how many were new.
     *
     * <p>Rows travel by {@code COPY} into a session-local staging table and move over with one
     * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}: close to raw {@code COPY} speed, still idempotent.
     */
    public int append(Collection<TweetSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return 0;
        }
        ensurePartitions(snapshots);
        return jdbi.inTransaction(handle -> {
            // named for its column types: a pooled session may still hold the integer staging table of schema 8
            handle.execute("""
                    CREATE TEMP TABLE IF NOT EXISTS snapshot_staging_64 (
                        tweet_id bigint, captured_at timestamptz, retweet_count bigint, like_count bigint,
                        reply_count bigint, quote_count bigint, bookmark_count bigint, impression_count bigint
                    ) ON COMMIT DELETE ROWS
                    """);
            copy(handle.getConnection(), snapshots);
            // a trigger keeps tweet_latest (sql/V6__tweet_latest_rollup.sql, sql/R__rollup_functions.sql)
            int added = handle.createUpdate("""
                    INSERT INTO tweet_snapshots (tweet_id, captured_at, retweet_count, like_count, reply_count,
                                                 quote_count, bookmark_count, impression_count)
                    SELECT DISTINCT ON (tweet_id, captured_at) * FROM snapshot_staging_64
                    ON CONFLICT (tweet_id, captured_at) DO NOTHING
                    """).execute();
            return added;
        });
    }

    private static void copy(Connection connection, Collection<TweetSnapshot> snapshots) {
        StringBuilder rows = new StringBuilder(snapshots.size() * 64);
        for (TweetSnapshot snapshot : snapshots) {
            rows.append(snapshot.tweetId()).append('\t').append(snapshot.capturedAt()).append('\t')
                    .append(snapshot.retweets()).append('\t').append(snapshot.likes()).append('\t')
                    .append(snapshot.replies()).append('\t').append(snapshot.quotes()).append('\t')
                    .append(snapshot.bookmarks() == null ? "\\N" : snapshot.bookmarks()).append('\t')
                    .append(snapshot.impressions() == null ? "\\N" : snapshot.impressions()).append('\n');
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY snapshot_staging_64 FROM STDIN", new StringReader(rows.toString()));
        } catch (SQLException | IOException e) {
            throw new DatabaseException("cannot stream snapshots to PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The tweet's snapshots, oldest first. */
    public List<TweetSnapshot> history(long tweetId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM tweet_snapshots WHERE tweet_id = :id ORDER BY captured_at
                        """)
                .bind("id", tweetId)
                .map(SnapshotStore::snapshot)
                .list());
    }

    /** The tweet's latest snapshot taken at or before the cutoff. */
    public Optional<TweetSnapshot> latest(long tweetId, Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM tweet_snapshots WHERE tweet_id = :id AND captured_at <= :cutoff
                        ORDER BY captured_at DESC LIMIT 1
                        """)
                .bind("id", tweetId)
                .bind("cutoff", cutoff)
                .map(SnapshotStore::snapshot)
                .findOne());
    }

    /**
     * The live tweets of a source whose papers were first announced after {@code announcedAfter}, with what a
     * refresh round needs to decide and order its work.
     */
    public List<RefreshCandidate> refreshCandidates(String source, Instant announcedAfter) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        WITH first_listed AS (
                            SELECT tp.tweet_id, min(l.mailing_date) AS first_mailing
                            FROM tweet_papers tp JOIN listings l ON l.arxiv_id = tp.arxiv_id
                            GROUP BY tp.tweet_id
                        )
                        SELECT t.tweet_id,
                               fl.first_mailing::timestamp AT TIME ZONE :zone AS announced_at,
                               last.captured_at AS last_at,
                               coalesce(last.score - previous.score, 0) AS movement
                        FROM tweets t
                        JOIN first_listed fl USING (tweet_id)
                        LEFT JOIN LATERAL (
                            SELECT captured_at, retweet_count::numeric + like_count AS score FROM tweet_snapshots s
                            WHERE s.tweet_id = t.tweet_id ORDER BY captured_at DESC LIMIT 1) last ON true
                        LEFT JOIN LATERAL (
                            SELECT retweet_count::numeric + like_count AS score FROM tweet_snapshots s
                            WHERE s.tweet_id = t.tweet_id ORDER BY captured_at DESC OFFSET 1 LIMIT 1) previous ON true
                        WHERE t.gone_at IS NULL AND t.source = :source
                          AND fl.first_mailing::timestamp AT TIME ZONE :zone > :after
                        """)
                .bind("source", source)
                .bind("zone", MailingDates.ZONE.getId())
                .bind("after", announcedAfter)
                .map((rows, context) -> new RefreshCandidate(rows.getLong("tweet_id"), instant(rows, "announced_at"),
                        instant(rows, "last_at"), saturatedLong(rows, "movement")))
                .list());
    }

    /** The partition that holds a capture time, for operators and tests. */
    public Optional<String> partitionOf(long tweetId, Instant capturedAt) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT tableoid::regclass::text FROM tweet_snapshots
                        WHERE tweet_id = :id AND captured_at = :at
                        """)
                .bind("id", tweetId)
                .bind("at", capturedAt)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Creates the month partitions the snapshots need, each in its own short transaction: creating a partition
     * locks the parent table, and that lock should not last as long as a big insert.
     */
    private void ensurePartitions(Collection<TweetSnapshot> snapshots) {
        TreeMap<YearMonth, Instant> missing = snapshots.stream()
                .filter(snapshot -> !knownPartitions.contains(month(snapshot.capturedAt())))
                .collect(Collectors.toMap(snapshot -> month(snapshot.capturedAt()), TweetSnapshot::capturedAt,
                        (first, second) -> first, TreeMap::new));
        missing.forEach((month, instant) -> {
            jdbi.useHandle(handle -> handle.createQuery("SELECT ensure_tweet_snapshot_partition(:at)")
                    .bind("at", instant)
                    .mapTo(String.class)
                    .one());
            knownPartitions.add(month);
        });
    }

    private static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    private static TweetSnapshot snapshot(ResultSet rows, StatementContext context) throws SQLException {
        return new TweetSnapshot(
                rows.getLong("tweet_id"),
                instant(rows, "captured_at"),
                rows.getLong("retweet_count"),
                rows.getLong("like_count"),
                rows.getLong("reply_count"),
                rows.getLong("quote_count"),
                nullableLong(rows, "bookmark_count"),
                nullableLong(rows, "impression_count"));
    }
}
