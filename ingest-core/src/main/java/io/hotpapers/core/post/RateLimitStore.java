package io.hotpapers.core.post;

import io.hotpapers.core.db.internal.ResultSets;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code source_rate_limits} table: each source's last known rate-limit window per endpoint, shared by every
 * process on the database (the daemon writes it, {@code status} and every node's {@code /metrics} read it).
 */
public final class RateLimitStore {
    /** {@code status} and {@code /metrics} read this table; a database that hangs must not hang them. */
    private static final int QUERY_TIMEOUT_SECONDS = 3;

    private final Jdbi jdbi;

    public RateLimitStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a window; an older observation (a slower process's) never replaces a newer one. */
    public void record(String source, RateLimitWindow window) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO source_rate_limits (source, endpoint, request_limit, remaining, reset_at, seen_at)
                        VALUES (:source, :endpoint, :limit, :remaining, :reset, :seen)
                        ON CONFLICT (source, endpoint) DO UPDATE
                            SET request_limit = excluded.request_limit, remaining = excluded.remaining,
                                reset_at = excluded.reset_at, seen_at = excluded.seen_at
                            WHERE source_rate_limits.seen_at <= excluded.seen_at
                        """)
                .bind("source", source)
                .bind("endpoint", window.endpoint())
                .bind("limit", window.limit() < 0 ? null : window.limit())
                .bind("remaining", Math.max(0, window.remaining()))
                .bind("reset", window.reset())
                .bind("seen", window.seenAt())
                .execute());
    }

    /** A source's last known windows, by endpoint. */
    public List<RateLimitWindow> windows(String source) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM source_rate_limits WHERE source = :source ORDER BY endpoint
                        """)
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .bind("source", source)
                .map((rows, context) -> new RateLimitWindow(rows.getString("endpoint"),
                        rows.getObject("request_limit") == null ? -1 : rows.getLong("request_limit"),
                        rows.getLong("remaining"), ResultSets.instant(rows, "reset_at"),
                        ResultSets.instant(rows, "seen_at")))
                .list());
    }
}
