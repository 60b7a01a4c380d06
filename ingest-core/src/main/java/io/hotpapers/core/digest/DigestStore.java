package io.hotpapers.core.digest;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Stores rendered digests; the same date, cutoff and parameters keep one row. A store sees the daily digests, or
 * those of one watchlist ({@link #forWatchlist}): each kind keeps its own rows, feed and latest digest.
 */
public final class DigestStore {
    private final Jdbi jdbi;
    private final ObjectMapper json;
    /** The watchlist whose digests this store holds; "" for the daily digest. */
    private final String watchlist;

    /** The store of the daily digests. */
    public DigestStore(Jdbi jdbi, ObjectMapper json) {
        this(jdbi, json, "");
    }

    private DigestStore(Jdbi jdbi, ObjectMapper json, String watchlist) {
        this.jdbi = jdbi;
        this.json = json;
        this.watchlist = watchlist;
    }

    /** The store of a watchlist's digests (its name, as checked by {@code Watchlist}). */
    public DigestStore forWatchlist(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a watchlist has a name");
        }
        return new DigestStore(jdbi, json, name);
    }

    /** The watchlist whose digests this store holds; "" for the daily digest. */
    public String watchlist() {
        return watchlist;
    }

    /** Saves a digest; re-saving identical entries keeps the row (and its generated_at) as it was. */
    public boolean save(StoredDigest digest) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO digests (mailing_date, watchlist, cutoff, parameters, generated_at, entries)
                        VALUES (:date, :watchlist, :cutoff, CAST(:parameters AS jsonb), :generatedAt,
                                CAST(:entries AS jsonb))
                        ON CONFLICT (mailing_date, watchlist, cutoff, parameters) DO UPDATE
                            SET entries = EXCLUDED.entries, generated_at = EXCLUDED.generated_at
                        WHERE digests.entries IS DISTINCT FROM EXCLUDED.entries
                        """)
                .bind("date", digest.mailingDate())
                .bind("watchlist", watchlist)
                .bind("cutoff", digest.cutoff())
                .bind("parameters", write(digest.parameters()))
                .bind("generatedAt", digest.generatedAt())
                .bind("entries", write(digest.entries()))
                .execute()) > 0;
    }

    /** Records how many counted posts of a stored digest were read before its cutoff's UTC day. */
    public void recordStaleCounts(LocalDate mailingDate, Instant cutoff, JsonNode parameters, int staleCounts) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE digests SET stale_counts = :stale
                        WHERE mailing_date = :date AND watchlist = :watchlist AND cutoff = :cutoff
                          AND parameters = CAST(:parameters AS jsonb)
                        """)
                .bind("watchlist", watchlist)
                .bind("stale", staleCounts)
                .bind("date", mailingDate)
                .bind("cutoff", cutoff)
                .bind("parameters", write(parameters))
                .execute());
    }

    /** The stale counts of the most recently generated digest that has them, with its date. */
    public Optional<Map.Entry<LocalDate, Integer>> latestStaleCounts() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT mailing_date, stale_counts FROM digests
                        WHERE stale_counts IS NOT NULL AND watchlist = :watchlist
                        ORDER BY generated_at DESC, digest_id DESC LIMIT 1
                        """)
                .bind("watchlist", watchlist)
                .map((rows, context) -> Map.entry(rows.getObject("mailing_date", LocalDate.class),
                        rows.getInt("stale_counts")))
                .findOne());
    }

    /** The digest of a date made with exactly this cutoff and these parameters. */
    public Optional<StoredDigest> find(LocalDate mailingDate, Instant cutoff, JsonNode parameters) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM digests
                        WHERE mailing_date = :date AND watchlist = :watchlist AND cutoff = :cutoff
                          AND parameters = CAST(:parameters AS jsonb)
                        """)
                .bind("watchlist", watchlist)
                .bind("date", mailingDate)
                .bind("cutoff", cutoff)
                .bind("parameters", write(parameters))
                .map(this::digest)
                .findOne());
    }

    /** The most recently generated digest of a date, whatever its parameters. */
    public Optional<StoredDigest> latest(LocalDate mailingDate) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM digests WHERE mailing_date = :date AND watchlist = :watchlist
                        ORDER BY generated_at DESC, digest_id DESC LIMIT 1
                        """)
                .bind("watchlist", watchlist)
                .bind("date", mailingDate)
                .map(this::digest)
                .findOne());
    }

    /** The most recently generated digest of a date made with these parameters. */
    public Optional<StoredDigest> latest(LocalDate mailingDate, JsonNode parameters) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM digests
                        WHERE mailing_date = :date AND watchlist = :watchlist AND parameters = CAST(:parameters AS jsonb)
                        ORDER BY generated_at DESC, digest_id DESC LIMIT 1
                        """)
                .bind("watchlist", watchlist)
                .bind("date", mailingDate)
                .bind("parameters", write(parameters))
                .map(this::digest)
                .findOne());
    }

    /** The latest digest of each of the most recent mailing dates, newest date first. */
    public List<StoredDigest> recent(int dates) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM (
                            SELECT DISTINCT ON (mailing_date) * FROM digests WHERE watchlist = :watchlist
                            ORDER BY mailing_date DESC, generated_at DESC, digest_id DESC
                        ) latest
                        ORDER BY mailing_date DESC LIMIT :dates
                        """)
                .bind("watchlist", watchlist)
                .bind("dates", dates)
                .map(this::digest)
                .list());
    }

    /** Every stored digest, newest mailing date first, then newest generated first; at most {@code limit}. */
    public List<StoredDigest> list(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM digests WHERE watchlist = :watchlist
                        ORDER BY mailing_date DESC, generated_at DESC, digest_id DESC LIMIT :limit
                        """)
                .bind("watchlist", watchlist)
                .bind("limit", limit)
                .map(this::digest)
                .list());
    }

    /** Removes every stored digest of a mailing date (all cutoffs and parameters) of this store; returns how many. */
    public int delete(LocalDate mailingDate) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM digests WHERE mailing_date = :date AND watchlist = :watchlist")
                .bind("date", mailingDate)
                .bind("watchlist", watchlist)
                .execute());
    }

    private StoredDigest digest(ResultSet rows, StatementContext context) throws SQLException {
        return new StoredDigest(
                rows.getObject("mailing_date", LocalDate.class),
                instant(rows, "cutoff"),
                read(rows.getString("parameters")),
                instant(rows, "generated_at"),
                read(rows.getString("entries")));
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
