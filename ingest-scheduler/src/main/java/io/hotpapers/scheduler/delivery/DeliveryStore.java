package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The deliveries table: what is queued, claimed, sent or given up, per digest content and channel. Queuing is
 * idempotent (the same content for the same channel is one row), and a claim is a lease: a process that dies
 * mid-send leaves a row that becomes due again when its lease ends.
 */
public final class DeliveryStore {
    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json;

    public DeliveryStore(Jdbi jdbi, Clock clock, ObjectMapper json) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
    }

    /** Whether some content of this digest went, or is going, to the channel: a new content is then a correction. */
    public boolean delivered(LocalDate date, String watchlist, String channel) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM deliveries WHERE mailing_date = :date AND watchlist = :watchlist
                                       AND channel = :channel AND status IN ('sent', 'sending'))
                        """)
                .bind("date", date).bind("watchlist", watchlist).bind("channel", channel)
                .mapTo(Boolean.class).one());
    }

    /**
     * Queues a content for a channel, unless this very content was queued before (then nothing changes, whatever its
     * state); older contents of the same digest that were not sent yet are superseded, so a reader never gets a
     * stale digest followed by its correction.
     *
     * @return whether a new delivery was queued
     */
    public boolean enqueue(LocalDate date, String watchlist, String channel, String contentSha256, boolean correction,
                           JsonNode payload) {
        return enqueue(date, watchlist, channel, contentSha256, "", correction, payload);
    }

    /**
     * As {@link #enqueue(LocalDate, String, String, String, boolean, JsonNode)}, for a list of recipients of the
     * watchlist's own ({@code recipientsSha256}, "" for the channel's configured target): a changed list gets what
     * was not sent yet, and every later content; a content already sent (or being sent) to the earlier list is not
     * sent again to the new one.
     */
    public boolean enqueue(LocalDate date, String watchlist, String channel, String contentSha256,
                           String recipientsSha256, boolean correction, JsonNode payload) {
        return enqueue(date, watchlist, channel, contentSha256, recipientsSha256, correction, payload, null);
    }

    /**
     * As {@link #enqueue(LocalDate, String, String, String, String, boolean, JsonNode)}; with a {@code refusal} the
     * delivery is stored as failed with that reason, never tried (the channel has nowhere to send it). Such a row is
     * queued again, once, by the same content queued without a refusal (the configuration was mended).
     *
     * @return whether a new delivery was queued to be sent
     */
    public boolean enqueue(LocalDate date, String watchlist, String channel, String contentSha256,
                           String recipientsSha256, boolean correction, JsonNode payload, String refusal) {
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            boolean wentToOthers = handle.createQuery("""
                            SELECT EXISTS (SELECT 1 FROM deliveries
                                           WHERE mailing_date = :date AND watchlist = :watchlist AND channel = :channel
                                             AND content_sha256 = :sha AND recipients_sha256 <> :recipients
                                             AND status IN ('sent', 'sending'))
                            """)
                    .bind("date", date).bind("watchlist", watchlist).bind("channel", channel)
                    .bind("sha", contentSha256).bind("recipients", recipientsSha256)
                    .mapTo(Boolean.class).one();
            if (wentToOthers) {
                return false;
            }
            // a row refused when queued was never tried: the same content, now sendable, takes its place
            int inserted = handle.createUpdate("""
                            INSERT INTO deliveries (mailing_date, watchlist, channel, content_sha256, recipients_sha256,
                                                    correction, payload, next_attempt_at, created_at, status,
                                                    last_error)
                            VALUES (:date, :watchlist, :channel, :sha, :recipients, :correction,
                                    CAST(:payload AS jsonb), :now, :now,
                                    CASE WHEN CAST(:refusal AS text) IS NULL THEN 'pending' ELSE 'failed' END,
                                    :refusal)
                            ON CONFLICT (mailing_date, watchlist, channel, content_sha256, recipients_sha256)
                            DO UPDATE SET status = 'pending', last_error = NULL, next_attempt_at = :now,
                                          payload = EXCLUDED.payload, correction = EXCLUDED.correction
                            WHERE deliveries.status = 'failed' AND deliveries.attempts = 0
                              AND EXCLUDED.status = 'pending'
                            """)
                    .bind("date", date).bind("watchlist", watchlist).bind("channel", channel)
                    .bind("sha", contentSha256).bind("recipients", recipientsSha256)
                    .bind("correction", correction).bind("payload", write(payload))
                    .bind("now", now).bind("refusal", refusal)
                    .execute();
            if (inserted > 0) {
                handle.createUpdate("""
                                UPDATE deliveries SET status = 'superseded'
                                WHERE mailing_date = :date AND watchlist = :watchlist AND channel = :channel
                                  AND (content_sha256 <> :sha OR recipients_sha256 <> :recipients)
                                  AND status IN ('pending', 'failed')
                                """)
                        .bind("date", date).bind("watchlist", watchlist).bind("channel", channel)
                        .bind("sha", contentSha256).bind("recipients", recipientsSha256)
                        .execute();
            }
            return inserted > 0 && refusal == null;
        });
    }

    /**
     * Claims up to {@code limit} due deliveries for this process for {@code lease}: other processes skip them until
     * the lease ends, when they are due again (the sender died mid-send).
     */
    public List<Delivery> claimDue(String claimant, Duration lease, int limit) {
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> handle.createQuery("""
                        UPDATE deliveries SET status = 'sending', claimed_by = :claimant, next_attempt_at = :leaseEnd
                        WHERE delivery_id IN (
                            SELECT delivery_id FROM deliveries
                            WHERE status IN ('pending', 'sending') AND next_attempt_at <= :now
                            ORDER BY next_attempt_at, delivery_id
                            LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *
                        """)
                .bind("claimant", claimant).bind("leaseEnd", now.plus(lease)).bind("now", now).bind("limit", limit)
                .map(this::delivery)
                .list());
    }

    /** Gives a claim back untried (the process is stopping): due again at once. */
    public void release(long id) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE deliveries SET status = 'pending', next_attempt_at = :now, claimed_by = NULL
                        WHERE delivery_id = :id AND status = 'sending'
                        """)
                .bind("id", id).bind("now", clock.instant())
                .execute());
    }

    /** The delivery reached its channel. */
    public void sent(long id) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE deliveries SET status = 'sent', sent_at = :now, attempts = attempts + 1, last_error = NULL,
                                              claimed_by = NULL
                        WHERE delivery_id = :id
                        """)
                .bind("id", id).bind("now", clock.instant())
                .execute());
    }

    /** The attempt failed for a reason that may pass: due again at {@code retryAt}. */
    public void retryLater(long id, Instant retryAt, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE deliveries SET status = 'pending', attempts = attempts + 1, next_attempt_at = :retryAt,
                                              last_error = :error, claimed_by = NULL
                        WHERE delivery_id = :id
                        """)
                .bind("id", id).bind("retryAt", retryAt).bind("error", error)
                .execute());
    }

    /** The channel refused for good (or the attempts ran out): kept with the reason, shown by {@code status}. */
    public void failed(long id, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = :error,
                                              claimed_by = NULL
                        WHERE delivery_id = :id
                        """)
                .bind("id", id).bind("error", error)
                .execute());
    }

    /** One line of {@code status}: a delivery not (yet) sent. */
    public record Open(long id, LocalDate mailingDate, String watchlist, String channel, String status, int attempts,
                       Instant nextAttemptAt, String lastError) {
    }

    /** The deliveries still pending and those given up, oldest first. */
    public List<Open> open(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT delivery_id, mailing_date, watchlist, channel, status, attempts, next_attempt_at,
                               last_error
                        FROM deliveries WHERE status IN ('pending', 'sending', 'failed')
                        ORDER BY mailing_date, delivery_id LIMIT :limit
                        """)
                .bind("limit", limit)
                .map((rs, ctx) -> new Open(rs.getLong("delivery_id"), rs.getObject("mailing_date", LocalDate.class),
                        rs.getString("watchlist"), rs.getString("channel"), rs.getString("status"),
                        rs.getInt("attempts"), rs.getObject("next_attempt_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("last_error")))
                .list());
    }

    private Delivery delivery(ResultSet rs, StatementContext context) throws SQLException {
        try {
            return new Delivery(rs.getLong("delivery_id"), rs.getObject("mailing_date", LocalDate.class),
                    rs.getString("watchlist"), rs.getString("channel"), rs.getString("content_sha256"),
                    rs.getBoolean("correction"), json.readTree(rs.getString("payload")), rs.getInt("attempts"));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable delivery payload " + rs.getLong("delivery_id"), e);
        }
    }

    private String write(JsonNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be written as JSON", e);
        }
    }
}
