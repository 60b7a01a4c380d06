package io.hotpapers.scheduler.delivery;

import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.run.StopSignal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers digests to the configured channels, each (digest content, channel) once: {@link #enqueue} stores the
 * payload of a digest for every channel (nothing when this content was queued before, a correction when another
 * content already went out), {@link #deliverDue} sends what is due, retrying transient failures with growing
 * spacing across restarts and giving up, with the reason kept, after {@link #MAX_ATTEMPTS}.
 */
public final class DeliveryService {
    /** About two days of retries with the spacing below. */
    public static final int MAX_ATTEMPTS = 12;
    /** How long a claim holds: a sender that died is replaced after this (an SMTP send takes well under it). */
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY = Duration.ofHours(6);
    /** The most deliveries one round sends: a backlog drains over rounds, each bounded. */
    private static final int ROUND_LIMIT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);

    private final Map<String, DeliveryChannel> channels = new LinkedHashMap<>();
    private final DeliveryStore store;
    private final DigestMessages messages;
    private final Function<Throwable, String> errorText;
    private final String claimant;
    private final Clock clock;
    private final StopSignal stop;

    /**
     * @param errorText how a failure is written to the table and the log (secrets removed)
     * @param claimant this process, as stored with its claims
     */
    public DeliveryService(List<DeliveryChannel> channels, DeliveryStore store, DigestMessages messages,
                           Function<Throwable, String> errorText, String claimant, Clock clock, StopSignal stop) {
        channels.forEach(channel -> this.channels.put(channel.name(), channel));
        this.store = store;
        this.messages = messages;
        this.errorText = errorText;
        this.claimant = claimant;
        this.clock = clock;
        this.stop = stop;
    }

    /** The configured channels' names. */
    public List<String> channels() {
        return List.copyOf(channels.keySet());
    }

    /** The configured channels that have no target of their own (e-mail without {@code HOTPAPERS_MAIL_TO}). */
    public List<String> withoutConfiguredTarget() {
        return channels.values().stream().filter(channel -> !channel.hasConfiguredTarget())
                .map(DeliveryChannel::name).toList();
    }

    /** What queuing a digest did, per channel: queued (true) or already queued with this content (false). */
    public Map<String, Boolean> enqueue(Digest digest, String watchlist, List<String> only) {
        return enqueue(digest, watchlist, only, List.of());
    }

    /**
     * As {@link #enqueue(Digest, String, List)}, with a watchlist's own e-mail recipients ({@code mailTo}, empty for
     * {@code HOTPAPERS_MAIL_TO}): stored with each e-mail delivery and part of its once-only key. Without
     * {@code HOTPAPERS_MAIL_TO} the daily digest is not queued for e-mail (by configuration), and a watchlist's e-mail
     * without recipients of its own is stored as failed with the reason ({@code status} shows it), never dropped.
     */
    public Map<String, Boolean> enqueue(Digest digest, String watchlist, List<String> only, List<String> mailTo) {
        DigestMessage message = messages.of(digest, watchlist);
        String fingerprint = messages.fingerprint(message);
        Map<String, Boolean> queued = new LinkedHashMap<>();
        for (DeliveryChannel channel : channels.values()) {
            if (!only.isEmpty() && !only.contains(channel.name())) {
                continue;
            }
            List<String> recipients = channel.takesRecipients() ? mailTo : List.of();
            String refusal = null;
            if (recipients.isEmpty() && !channel.hasConfiguredTarget()) {
                if (watchlist.isEmpty()) {
                    continue;
                }
                refusal = channel.noTargetReason(watchlist);
                LOG.warn("{} of {} not queued: {}", channel.name(), digest.mailingDate(), refusal);
            }
            boolean correction = store.delivered(digest.mailingDate(), watchlist, channel.name());
            DigestMessage version = correction ? message.asCorrection() : message;
            queued.put(channel.name(), store.enqueue(digest.mailingDate(), watchlist, channel.name(), fingerprint,
                    recipientsKey(recipients), correction, channel.payload(version, recipients), refusal));
        }
        return queued;
    }

    /** "" for a channel's configured target, else the SHA-256 of the sorted addresses, one a line. */
    static String recipientsKey(List<String> recipients) {
        if (recipients.isEmpty()) {
            return "";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n",
                    recipients.stream().sorted().toList()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The deliveries not sent yet and those given up, oldest first: what {@code status} shows. */
    public List<DeliveryStore.Open> open(int limit) {
        return store.open(limit);
    }

    /** What a round of sending did. */
    public record Round(int sent, int retrying, int failed) {
    }

    /** Sends the due deliveries (at most {@link #ROUND_LIMIT}); stops between sends when the process stops. */
    public Round deliverDue() {
        List<Delivery> due = store.claimDue(claimant, LEASE, ROUND_LIMIT);
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        List<Delivery> unsent = new ArrayList<>();
        for (Delivery delivery : due) {
            if (stop.isRequested()) {
                unsent.add(delivery);
                continue;
            }
            switch (attempt(delivery)) {
                case SENT -> sent++;
                case RETRYING -> retrying++;
                case FAILED -> failed++;
            }
        }
        // claimed but not tried because of a stop: due again at once for the next process
        unsent.forEach(delivery -> store.release(delivery.id()));
        if (!due.isEmpty()) {
            LOG.info("Deliveries: {} sent, {} to retry, {} failed", sent, retrying, failed);
        }
        return new Round(sent, retrying, failed);
    }

    private enum Outcome { SENT, RETRYING, FAILED }

    private Outcome attempt(Delivery delivery) {
        DeliveryChannel channel = channels.get(delivery.channel());
        String what = delivery.channel() + " delivery of " + delivery.mailingDate()
                + (delivery.watchlist().isEmpty() ? "" : " (watchlist " + delivery.watchlist() + ")");
        if (channel == null) {
            store.retryLater(delivery.id(), clock.instant().plus(MAX_RETRY), "channel " + delivery.channel()
                    + " is not configured in this process");
            LOG.warn("{} waits: the channel is not configured here", what);
            return Outcome.RETRYING;
        }
        try {
            channel.send(delivery);
            store.sent(delivery.id());
            LOG.info("{} sent{}", what, delivery.correction() ? " (correction)" : "");
            return Outcome.SENT;
        } catch (DeliveryException e) {
            String reason = errorText.apply(e);
            int attempts = delivery.attempts() + 1;
            if (!e.isTransient() || attempts >= MAX_ATTEMPTS) {
                store.failed(delivery.id(), reason);
                LOG.warn("{} failed after {} attempt(s): {}", what, attempts, reason);
                return Outcome.FAILED;
            }
            Instant retryAt = clock.instant().plus(spacing(attempts, e.retryAfter()));
            store.retryLater(delivery.id(), retryAt, reason);
            LOG.warn("{} failed (attempt {} of {}), retrying at {}: {}", what, attempts, MAX_ATTEMPTS, retryAt, reason);
            return Outcome.RETRYING;
        }
    }

    /** One minute, doubling per attempt, at most six hours; at least what the channel asked for. */
    static Duration spacing(int attempts, Duration asked) {
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(MAX_RETRY) > 0) {
            backoff = MAX_RETRY;
        }
        return asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
    }
}
