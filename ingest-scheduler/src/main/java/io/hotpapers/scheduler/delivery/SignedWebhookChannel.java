package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DeliverySettings;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: the JSON digest POSTed as it is, signed so that the receiver can check it came from this
 * hotpapers and was not replayed. {@code X-Hotpapers-Signature: sha256=<hex>} is the HMAC-SHA256, keyed with the
 * shared secret, of {@code <X-Hotpapers-Timestamp>.<body>}; {@code X-Hotpapers-Delivery} is the same on every retry
 * of one delivery (the receiver's idempotency key).
 */
public final class SignedWebhookChannel implements DeliveryChannel {
    public static final String NAME = "webhook";
    public static final String SIGNATURE = "X-Hotpapers-Signature";
    public static final String TIMESTAMP = "X-Hotpapers-Timestamp";
    public static final String DELIVERY = "X-Hotpapers-Delivery";
    public static final String CORRECTION = "X-Hotpapers-Correction";

    private final DeliverySettings.Webhook settings;
    private final WebhookPoster poster;
    private final ObjectMapper json;
    private final Clock clock;

    SignedWebhookChannel(DeliverySettings.Webhook settings, WebhookPoster poster, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.poster = poster;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonNode payload(DigestMessage message) {
        return message.jsonDigest();
    }

    @Override
    public void send(Delivery delivery) {
        try {
            byte[] body = json.writeValueAsBytes(delivery.payload());
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            poster.post(NAME, settings.url(), body, Map.of(
                    TIMESTAMP, timestamp,
                    SIGNATURE, "sha256=" + signature(timestamp, body),
                    DELIVERY, delivery.mailingDate() + "/" + (delivery.watchlist().isEmpty() ? "daily"
                            : delivery.watchlist()) + "/" + delivery.id(),
                    CORRECTION, Boolean.toString(delivery.correction())));
        } catch (JsonProcessingException e) {
            throw DeliveryException.permanent("webhook payload cannot be written", e);
        }
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body} under the shared secret. */
    String signature(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.secret().reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
