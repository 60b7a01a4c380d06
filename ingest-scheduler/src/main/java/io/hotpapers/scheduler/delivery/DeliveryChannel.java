package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A place digests go to (e-mail, Slack, Discord, a webhook): it turns a digest message into the payload that is
 * stored with the delivery, and sends a stored payload.
 */
public interface DeliveryChannel {

    /** The channel's name as stored and as {@code deliver --to} takes it. */
    String name();

    /** The payload this channel sends for the message; pure, every untrusted field escaped for the channel. */
    JsonNode payload(DigestMessage message);

    /** Whether a watchlist can name recipients of its own here (e-mail); the others go where they are configured. */
    default boolean takesRecipients() {
        return false;
    }

    /**
     * Whether the channel has a target of its own configured (e-mail: {@code HOTPAPERS_MAIL_TO}); without one it
     * reaches only the recipients a watchlist names.
     */
    default boolean hasConfiguredTarget() {
        return true;
    }

    /** Why a digest (of {@code watchlist}, "" for the daily one) without recipients of its own cannot go here. */
    default String noTargetReason(String watchlist) {
        return name() + ": no target configured";
    }

    /**
     * The payload for the message to these recipients, stored with it so that every attempt goes to the same list.
     *
     * @param recipients the watchlist's own recipients, or empty for the channel's configured target
     */
    default JsonNode payload(DigestMessage message, List<String> recipients) {
        if (!recipients.isEmpty()) {
            throw new IllegalArgumentException("channel " + name() + " takes no recipients of a watchlist's own");
        }
        return payload(message);
    }

    /**
     * Sends a stored payload once.
     *
     * @throws DeliveryException when the channel did not take it
     */
    void send(Delivery delivery);
}
