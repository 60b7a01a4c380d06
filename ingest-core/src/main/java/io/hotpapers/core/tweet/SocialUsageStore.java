package io.hotpapers.core.tweet;

import java.time.LocalDate;
import java.time.YearMonth;
import org.jdbi.v3.core.Jdbi;

/** Posts read and requests made per source and calendar month (UTC): what the monthly cap is enforced against. */
public final class SocialUsageStore {
    private final Jdbi jdbi;

    public SocialUsageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long postsRead(String source, YearMonth month) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce(sum(posts_read), 0) FROM social_usage WHERE source = :source AND month = :month
                        """)
                .bind("source", source)
                .bind("month", month.atDay(1))
                .mapTo(Long.class)
                .one());
    }

    /**
     * Reserves up to {@code wanted} posts of the month's allowance, atomically across processes, and counts one
     * request. Returns how many were granted: fewer than {@code minimum} means none (nothing is reserved).
     */
    public long reserve(String source, YearMonth month, long wanted, long minimum, long cap) {
        LocalDate first = month.atDay(1);
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO social_usage (source, month) VALUES (:source, :month) ON CONFLICT DO NOTHING
                            """)
                    .bind("source", source).bind("month", first).execute();
            long used = handle.createQuery("""
                            SELECT posts_read FROM social_usage WHERE source = :source AND month = :month FOR UPDATE
                            """)
                    .bind("source", source).bind("month", first).mapTo(Long.class).one();
            long granted = Math.min(wanted, cap - used);
            if (granted < minimum) {
                return 0L;
            }
            handle.createUpdate("""
                            UPDATE social_usage SET posts_read = posts_read + :granted, requests = requests + 1
                            WHERE source = :source AND month = :month
                            """)
                    .bind("granted", granted).bind("source", source).bind("month", first).execute();
            return granted;
        });
    }

    /** Gives back the part of a reservation that the response did not use. */
    public void refund(String source, YearMonth month, long unused) {
        if (unused <= 0) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE social_usage SET posts_read = greatest(0, posts_read - :unused)
                        WHERE source = :source AND month = :month
                        """)
                .bind("unused", unused).bind("source", source).bind("month", month.atDay(1)).execute());
    }

    /** Adds to the month's usage; every process adds to the same row, so the cap holds across processes. */
    public void record(String source, YearMonth month, long postsRead, long requests) {
        LocalDate first = month.atDay(1);
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO social_usage (source, month, posts_read, requests) VALUES (:source, :month, :posts, :requests)
                        ON CONFLICT (source, month) DO UPDATE
                            SET posts_read = social_usage.posts_read + EXCLUDED.posts_read,
                                requests = social_usage.requests + EXCLUDED.requests
                        """)
                .bind("source", source)
                .bind("month", first)
                .bind("posts", postsRead)
                .bind("requests", requests)
                .execute());
    }
}
