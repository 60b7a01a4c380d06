package io.hotpapers.core.post;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.run.RunOwner;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts read and requests made per source and calendar month (UTC): what the monthly cap is enforced against.
 * Open reservations are rows of {@code social_reservations} naming the process that holds them, so that those of
 * a killed process can be given back ({@link #releaseOrphans()}).
 */
public final class UsageStore {
    /**
     * No request holds a reservation this long (X calls time out after minutes, rate-limit waits after 16 min
     * each): past it the holder is dead, on whatever host it ran.
     */
    static final String ABANDONED_AFTER = "6 hours";
    private static final Logger LOG = LoggerFactory.getLogger(UsageStore.class);

    private final Jdbi jdbi;
    private final RunOwner owner;

    public UsageStore(Jdbi jdbi) {
        this(jdbi, RunOwner.thisProcess());
    }

    public UsageStore(Jdbi jdbi, RunOwner owner) {
        this.jdbi = jdbi;
        this.owner = owner;
    }

    /** An open reservation: its id (to settle it) and the posts granted. */
    public record Held(long reservationId, long granted) {
        static final Held NONE = new Held(0, 0);
    }

    /** A source's month: posts read (open reservations included) and requests made. */
    public record Usage(long postsRead, long requests) {
    }

    /** A source's usage in a month; nothing used is zeros. */
    public Usage usage(String source, YearMonth month) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce(sum(posts_read), 0) AS posts_read, coalesce(sum(requests), 0) AS requests
                        FROM social_usage WHERE source = :source AND month = :month
                        """)
                .bind("source", source)
                .bind("month", month.atDay(1))
                .map((rows, context) -> new Usage(rows.getLong("posts_read"), rows.getLong("requests")))
                .one());
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
     * Reserves up to {@code wanted} posts of the month's allowance, atomically across processes, counts one
     * request and records the reservation as held by this process. Fewer than {@code minimum} posts left means
     * none is granted (granted 0, nothing reserved).
     */
    public Held hold(String source, YearMonth month, long wanted, long minimum, long cap) {
        return jdbi.inTransaction(handle -> {
            long granted = reserve(handle, source, month, wanted, minimum, cap);
            if (granted == 0) {
                return Held.NONE;
            }
            long id = handle.createUpdate("""
                            INSERT INTO social_reservations (source, month, posts, host, pid, process_started_at)
                            VALUES (:source, :month, :posts, :host, :pid, :processStartedAt)
                            """)
                    .bind("source", source).bind("month", month.atDay(1)).bind("posts", granted)
                    .bind("host", owner.host()).bind("pid", owner.pid())
                    .bind("processStartedAt", owner.processStartedAt())
                    .executeAndReturnGeneratedKeys("reservation_id").mapTo(Long.class).one();
            return new Held(id, granted);
        });
    }

    /**
     * Settles a held reservation with what the response delivered: the unused part goes back. Should the
     * reservation already have been released (its holder judged dead), the posts actually read are added instead.
     */
    public void settle(Held held, String source, YearMonth month, long postsRead) {
        if (held.granted() == 0) {
            return;
        }
        jdbi.useTransaction(handle -> {
            int deleted = handle.createUpdate("DELETE FROM social_reservations WHERE reservation_id = :id")
                    .bind("id", held.reservationId()).execute();
            if (deleted == 1) {
                refund(handle, source, month.atDay(1), held.granted() - postsRead);
            } else {
                add(handle, source, month.atDay(1), postsRead, 0);
            }
        });
    }

    /**
     * Gives back the reservations of processes that are gone (on this host: no live process with the pid; on
     * any host: open longer than any request takes), and returns how many posts went back.
     */
    public long releaseOrphans() {
        return jdbi.inTransaction(handle -> {
            String here = RunOwner.localHost();
            List<Orphan> open = handle.createQuery("""
                            SELECT reservation_id, source, month, posts, host, pid, process_started_at,
                                   reserved_at < now() - CAST(:abandonedAfter AS interval) AS expired
                            FROM social_reservations ORDER BY reservation_id FOR UPDATE SKIP LOCKED
                            """)
                    .bind("abandonedAfter", ABANDONED_AFTER)
                    .map((rows, context) -> new Orphan(rows.getLong("reservation_id"), rows.getString("source"),
                            rows.getObject("month", LocalDate.class), rows.getLong("posts"), rows.getString("host"),
                            rows.getLong("pid"), instant(rows, "process_started_at"), rows.getBoolean("expired")))
                    .list();
            long released = 0;
            for (Orphan reservation : open) {
                boolean gone = reservation.expired()
                        || reservation.host().equals(here) && RunOwner.isGoneHere(reservation.pid(), reservation.startedAt());
                if (gone) {
                    handle.createUpdate("DELETE FROM social_reservations WHERE reservation_id = :id")
                            .bind("id", reservation.id()).execute();
                    refund(handle, reservation.source(), reservation.month(), reservation.posts());
                    released += reservation.posts();
                    LOG.warn("Released {} {} post(s) reserved by pid {} on {}, which ended before settling them",
                            reservation.posts(), reservation.source(), reservation.pid(), reservation.host());
                }
            }
            return released;
        });
    }

    private record Orphan(long id, String source, LocalDate month, long posts, String host, long pid,
                          Instant startedAt, boolean expired) {
    }

    /**
     * Reserves without recording the holder: a process killed before settling keeps the posts counted. Prefer
     * {@link #hold}.
     */
    public long reserve(String source, YearMonth month, long wanted, long minimum, long cap) {
        return jdbi.inTransaction(handle -> reserve(handle, source, month, wanted, minimum, cap));
    }

    private static long reserve(Handle handle, String source, YearMonth month, long wanted, long minimum, long cap) {
        LocalDate first = month.atDay(1);
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
    }

    /** Gives back the part of a reservation that the response did not use. */
    public void refund(String source, YearMonth month, long unused) {
        jdbi.useHandle(handle -> refund(handle, source, month.atDay(1), unused));
    }

    private static void refund(Handle handle, String source, LocalDate month, long unused) {
        if (unused <= 0) {
            return;
        }
        handle.createUpdate("""
                        UPDATE social_usage SET posts_read = greatest(0, posts_read - :unused)
                        WHERE source = :source AND month = :month
                        """)
                .bind("unused", unused).bind("source", source).bind("month", month).execute();
    }

    /** Adds to the month's usage; every process adds to the same row, so the cap holds across processes. */
    public void record(String source, YearMonth month, long postsRead, long requests) {
        jdbi.useHandle(handle -> add(handle, source, month.atDay(1), postsRead, requests));
    }

    private static void add(Handle handle, String source, LocalDate first, long postsRead, long requests) {
        handle.createUpdate("""
                        INSERT INTO social_usage (source, month, posts_read, requests) VALUES (:source, :month, :posts, :requests)
                        ON CONFLICT (source, month) DO UPDATE
                            SET posts_read = social_usage.posts_read + EXCLUDED.posts_read,
                                requests = social_usage.requests + EXCLUDED.requests
                        """)
                .bind("source", source)
                .bind("month", first)
                .bind("posts", postsRead)
                .bind("requests", requests)
                .execute();
    }
}
