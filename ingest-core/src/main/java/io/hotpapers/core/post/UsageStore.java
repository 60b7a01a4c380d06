package io.hotpapers.core.post;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import io.hotpapers.core.run.RunOwner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each source billed, per calendar month and UTC day: posts (each once per UTC day however often it was
 * returned that day, as X bills them), user objects, requests and money. The monthly post cap and money budget
 * are enforced against it. Open reservations are rows of {@code social_reservations} naming the process that
 * holds them, counted against the month until settled, so that those of a killed process can be dropped
 * ({@link #releaseOrphans()}).
 */
public final class UsageStore {
    /**
     * No request holds a reservation this long (X calls time out after minutes, rate-limit waits after 16 min
     * each): past it the holder is dead, on whatever host it ran.
     */
    static final String ABANDONED_AFTER = "6 hours";
    /** Billed-post rows older than this are pruned at each start: only today's decide whether a read is free. */
    static final int BILLED_POSTS_KEPT_DAYS = 40;
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

    /**
     * Unit prices in the account's currency; {@link #FREE} for sources that bill nothing.
     *
     * @param post the price of one post returned (billed once per post and UTC day)
     * @param user the price of one user object returned (billed every time)
     */
    public record Prices(BigDecimal post, BigDecimal user) {
        public static final Prices FREE = new Prices(BigDecimal.ZERO, BigDecimal.ZERO);

        public Prices {
            if (post.signum() < 0 || user.signum() < 0) {
                throw new IllegalArgumentException("prices cannot be negative");
            }
        }
    }

    /**
     * What one answer returned, as billed: the ids of the posts it returned, posts it returned without an id
     * hotpapers can name (billed without de-duplication), and the user objects it returned.
     */
    public record Bill(Collection<String> postIds, long unnamedPosts, long users) {
        public static final Bill NOTHING = new Bill(List.of(), 0, 0);

        public Bill {
            postIds = List.copyOf(new LinkedHashSet<>(postIds));
        }

        /** Posts returned without ids to de-duplicate: each billed. */
        public static Bill posts(long count) {
            return new Bill(List.of(), count, 0);
        }
    }

    /** What settling an answer billed: posts new to the day's bill, user objects and their price. */
    public record Billed(long posts, long users, BigDecimal spend) {
    }

    /** A source's spend and billed resources for one day and its month. */
    public record Spend(BigDecimal today, BigDecimal month, long postsBilledMonth, long usersBilledMonth,
                        long requestsMonth) {
    }

    /**
     * Posts billed in the month (a post read on several days counts once per day), plus those reserved by
     * requests still in flight: what the monthly post cap is checked against.
     */
    public long postsRead(String source, YearMonth month) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce((SELECT sum(posts_read) FROM social_usage WHERE source = :source AND month = :month), 0)
                             + coalesce((SELECT sum(posts) FROM social_reservations WHERE source = :source AND month = :month), 0)
                        """)
                .bind("source", source)
                .bind("month", month.atDay(1))
                .mapTo(Long.class)
                .one());
    }

    /** The spend of the UTC day {@code day} and of its month. */
    public Spend spend(String source, LocalDate day) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce((SELECT spend FROM social_spend_daily WHERE source = :source AND day = :day), 0)
                                   AS today,
                               coalesce(u.spend, 0) AS month, coalesce(u.posts_read, 0) AS posts,
                               coalesce(u.users_read, 0) AS users, coalesce(u.requests, 0) AS requests
                        FROM (SELECT 1) one
                        LEFT JOIN social_usage u ON u.source = :source AND u.month = :month
                        """)
                .bind("source", source).bind("day", day).bind("month", YearMonth.from(day).atDay(1))
                .map((rows, context) -> new Spend(rows.getBigDecimal("today"), rows.getBigDecimal("month"),
                        rows.getLong("posts"), rows.getLong("users"), rows.getLong("requests")))
                .one());
    }

    /** Everything a source ever spent, and posts and users billed: monotonic totals for /metrics. */
    public Spend lifetime(String source) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT coalesce(sum(spend), 0) AS spend, coalesce(sum(posts_read), 0) AS posts,
                               coalesce(sum(users_read), 0) AS users, coalesce(sum(requests), 0) AS requests
                        FROM social_usage WHERE source = :source
                        """)
                .bind("source", source)
                .map((rows, context) -> new Spend(BigDecimal.ZERO, rows.getBigDecimal("spend"), rows.getLong("posts"),
                        rows.getLong("users"), rows.getLong("requests")))
                .one());
    }

    /** Which of the posts were billed on the UTC day {@code day}: reading them again that day is free. */
    public Set<String> billedOn(String source, LocalDate day, Collection<String> postIds) {
        if (postIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(handle -> new HashSet<>(handle.createQuery("""
                        SELECT post_id FROM social_billed_posts
                        WHERE source = :source AND day = :day AND post_id = ANY (:ids)
                        """)
                .bind("source", source).bind("day", day)
                .bindArray("ids", String.class, List.copyOf(postIds))
                .mapTo(String.class)
                .list()));
    }

    /**
     * Reserves up to {@code wanted} posts of the month's allowance, atomically across processes, counts one
     * request and records the reservation as held by this process. Fewer than {@code minimum} posts left means
     * none is granted (granted 0, nothing reserved). Free of charge: only the post cap applies.
     */
    public Held hold(String source, YearMonth month, long wanted, long minimum, long cap) {
        return hold(source, month, wanted, minimum, cap, null, BigDecimal.ZERO);
    }

    /**
     * Reserves up to {@code wanted} posts at their worst-case price, so that neither the post cap nor the money
     * budget can be passed by answers in flight, whichever process makes them.
     *
     * @param budget the month's money budget, or {@code null} for none
     * @param worstPerPost the most one granted post can cost (its price, plus a user object's if the request
     *     expands authors)
     */
    public Held hold(String source, YearMonth month, long wanted, long minimum, long cap, BigDecimal budget,
                     BigDecimal worstPerPost) {
        return jdbi.inTransaction(handle -> {
            LocalDate first = month.atDay(1);
            handle.createUpdate("""
                            INSERT INTO social_usage (source, month) VALUES (:source, :month) ON CONFLICT DO NOTHING
                            """)
                    .bind("source", source).bind("month", first).execute();
            // the month's row is the lock every holder of the source takes: checks and inserts are serialised
            Committed committed = handle.createQuery("""
                            SELECT u.posts_read + coalesce(r.posts, 0) AS posts, u.spend + coalesce(r.amount, 0) AS spend
                            FROM (SELECT * FROM social_usage WHERE source = :source AND month = :month FOR UPDATE) u
                            LEFT JOIN (SELECT sum(posts) AS posts, sum(amount) AS amount FROM social_reservations
                                       WHERE source = :source AND month = :month) r ON true
                            """)
                    .bind("source", source).bind("month", first)
                    .map((rows, context) -> new Committed(rows.getLong("posts"), rows.getBigDecimal("spend")))
                    .one();
            long granted = Math.min(wanted, cap - committed.posts());
            if (budget != null && worstPerPost.signum() > 0) {
                long affordable = budget.subtract(committed.spend()).divide(worstPerPost, 0, RoundingMode.FLOOR)
                        .max(BigDecimal.ZERO).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
                granted = Math.min(granted, affordable);
            }
            if (granted < Math.max(1, minimum)) {
                return Held.NONE;
            }
            handle.createUpdate("""
                            UPDATE social_usage SET requests = requests + 1 WHERE source = :source AND month = :month
                            """)
                    .bind("source", source).bind("month", first).execute();
            long id = handle.createUpdate("""
                            INSERT INTO social_reservations (source, month, posts, amount, host, pid, process_started_at)
                            VALUES (:source, :month, :posts, :amount, :host, :pid, :processStartedAt)
                            """)
                    .bind("source", source).bind("month", first).bind("posts", granted)
                    .bind("amount", worstPerPost.multiply(BigDecimal.valueOf(granted)))
                    .bind("host", owner.host()).bind("pid", owner.pid())
                    .bind("processStartedAt", owner.processStartedAt())
                    .executeAndReturnGeneratedKeys("reservation_id").mapTo(Long.class).one();
            return new Held(id, granted);
        });
    }

    private record Committed(long posts, BigDecimal spend) {
    }

    /**
     * Settles a held reservation with what the answer delivered, counted as free posts (for sources that bill
     * nothing, or callers that cannot name the posts): the reservation goes, the posts are added.
     */
    public void settle(Held held, String source, YearMonth month, long postsRead) {
        if (held.granted() == 0) {
            return;
        }
        settle(held, source, month.atDay(1), Bill.posts(postsRead), Prices.FREE);
    }

    /**
     * Settles a held reservation with what the answer returned, billed as the source bills it on the UTC day
     * {@code day}: posts not yet billed that day, every user object. The reservation goes whether or not it was
     * still held (a holder judged dead and released still adds what it was billed).
     */
    public Billed settle(Held held, String source, LocalDate day, Bill bill, Prices prices) {
        return jdbi.inTransaction(handle -> {
            if (held.granted() > 0) {
                handle.createUpdate("DELETE FROM social_reservations WHERE reservation_id = :id")
                        .bind("id", held.reservationId()).execute();
            }
            return bill(handle, source, day, bill, prices);
        });
    }

    /** Records what an answer returned without a reservation (e.g. a test or an import). */
    public Billed bill(String source, Instant at, Bill bill, Prices prices) {
        return jdbi.inTransaction(handle -> bill(handle, source, at.atOffset(ZoneOffset.UTC).toLocalDate(), bill, prices));
    }

    private static Billed bill(Handle handle, String source, LocalDate day, Bill bill, Prices prices) {
        long newPosts = bill.postIds().isEmpty() ? 0 : handle.createUpdate("""
                        INSERT INTO social_billed_posts (source, day, post_id)
                        SELECT :source, :day, unnest(:ids) ON CONFLICT DO NOTHING
                        """)
                .bind("source", source).bind("day", day)
                .bindArray("ids", String.class, List.copyOf(bill.postIds()))
                .execute();
        long posts = newPosts + bill.unnamedPosts();
        BigDecimal spend = prices.post().multiply(BigDecimal.valueOf(posts))
                .add(prices.user().multiply(BigDecimal.valueOf(bill.users())));
        if (posts == 0 && bill.users() == 0) {
            return new Billed(0, 0, BigDecimal.ZERO);
        }
        handle.createUpdate("""
                        INSERT INTO social_usage (source, month, posts_read, users_read, spend)
                        VALUES (:source, :month, :posts, :users, :spend)
                        ON CONFLICT (source, month) DO UPDATE
                            SET posts_read = social_usage.posts_read + EXCLUDED.posts_read,
                                users_read = social_usage.users_read + EXCLUDED.users_read,
                                spend = social_usage.spend + EXCLUDED.spend
                        """)
                .bind("source", source).bind("month", YearMonth.from(day).atDay(1))
                .bind("posts", posts).bind("users", bill.users()).bind("spend", spend)
                .execute();
        handle.createUpdate("""
                        INSERT INTO social_spend_daily (source, day, posts_billed, users_billed, spend)
                        VALUES (:source, :day, :posts, :users, :spend)
                        ON CONFLICT (source, day) DO UPDATE
                            SET posts_billed = social_spend_daily.posts_billed + EXCLUDED.posts_billed,
                                users_billed = social_spend_daily.users_billed + EXCLUDED.users_billed,
                                spend = social_spend_daily.spend + EXCLUDED.spend
                        """)
                .bind("source", source).bind("day", day)
                .bind("posts", posts).bind("users", bill.users()).bind("spend", spend)
                .execute();
        return new Billed(posts, bill.users(), spend);
    }

    /**
     * Drops the reservations of processes that are gone (on this host: no live process with the pid; on any
     * host: open longer than any request takes), so that the month's allowance they held is free again, and
     * prunes old billed-post rows. Returns how many posts went back.
     */
    public long releaseOrphans() {
        return jdbi.inTransaction(handle -> {
            String here = RunOwner.localHost();
            List<Orphan> open = handle.createQuery("""
                            SELECT reservation_id, source, month, posts, amount, host, pid, process_started_at,
                                   reserved_at < now() - CAST(:abandonedAfter AS interval) AS expired
                            FROM social_reservations ORDER BY reservation_id FOR UPDATE SKIP LOCKED
                            """)
                    .bind("abandonedAfter", ABANDONED_AFTER)
                    .map((rows, context) -> new Orphan(rows.getLong("reservation_id"), rows.getString("source"),
                            rows.getLong("posts"), rows.getBigDecimal("amount"), rows.getString("host"),
                            rows.getLong("pid"), instant(rows, "process_started_at"), rows.getBoolean("expired")))
                    .list();
            long released = 0;
            for (Orphan reservation : open) {
                boolean gone = reservation.expired()
                        || reservation.host().equals(here) && RunOwner.isGoneHere(reservation.pid(), reservation.startedAt());
                if (gone) {
                    handle.createUpdate("DELETE FROM social_reservations WHERE reservation_id = :id")
                            .bind("id", reservation.id()).execute();
                    released += reservation.posts();
                    LOG.warn("Released {} {} post(s) ({} in money) reserved by pid {} on {}, which ended before "
                                    + "settling them", reservation.posts(), reservation.source(),
                            reservation.amount().stripTrailingZeros().toPlainString(), reservation.pid(),
                            reservation.host());
                }
            }
            handle.createUpdate("DELETE FROM social_billed_posts WHERE day < current_date - :days")
                    .bind("days", BILLED_POSTS_KEPT_DAYS).execute();
            return released;
        });
    }

    private record Orphan(long id, String source, long posts, BigDecimal amount, String host, long pid,
                          Instant startedAt, boolean expired) {
    }

    /**
     * Reserves without recording the holder, counting the posts at once: a process killed before settling keeps
     * them counted. Prefer {@link #hold}.
     */
    public long reserve(String source, YearMonth month, long wanted, long minimum, long cap) {
        return jdbi.inTransaction(handle -> {
            LocalDate first = month.atDay(1);
            handle.createUpdate("""
                            INSERT INTO social_usage (source, month) VALUES (:source, :month) ON CONFLICT DO NOTHING
                            """)
                    .bind("source", source).bind("month", first).execute();
            long used = handle.createQuery("""
                            SELECT u.posts_read + coalesce((SELECT sum(posts) FROM social_reservations r
                                   WHERE r.source = u.source AND r.month = u.month), 0)
                            FROM social_usage u WHERE source = :source AND month = :month FOR UPDATE
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

    /** Gives back the part of a {@link #reserve} that the response did not use. */
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
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO social_usage (source, month, posts_read, requests) VALUES (:source, :month, :posts, :requests)
                        ON CONFLICT (source, month) DO UPDATE
                            SET posts_read = social_usage.posts_read + EXCLUDED.posts_read,
                                requests = social_usage.requests + EXCLUDED.requests
                        """)
                .bind("source", source)
                .bind("month", month.atDay(1))
                .bind("posts", postsRead)
                .bind("requests", requests)
                .execute());
    }
}
