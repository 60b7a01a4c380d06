package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A place digests go to (e-mail, Slack, Discord, a webhook): it turns a digest message into the payload that is
 * stored with the delivery, and sends a stored payload.
 */
public interface DeliveryChannel {

    /** The channel's name as stored and as {@code deliver --to} takes it. */
    String name();

    /** The payload this channel sends for the message; pure, every untrusted field escaped for the channel. */
    JsonNode payload(DigestMessage message);

    /**
     * Sends a stored payload once.
     *
     * @throws DeliveryException when the channel did not take it
     */
    void send(Delivery delivery);
}
