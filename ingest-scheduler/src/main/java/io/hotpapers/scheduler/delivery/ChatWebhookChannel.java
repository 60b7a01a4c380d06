package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.Secret;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * A chat network's incoming webhook (Slack, Discord): the URL is the credential, the stored payload is POSTed as it
 * is. Each network builds its own payload (its markup, escaping and limits differ); sending is the same.
 */
abstract class ChatWebhookChannel implements DeliveryChannel {
    private final String name;
    private final Secret url;
    private final WebhookPoster poster;
    /** Builds the payloads and writes them. */
    protected final ObjectMapper json;

    ChatWebhookChannel(String name, Secret url, WebhookPoster poster, ObjectMapper json) {
        this.name = name;
        this.url = url;
        this.poster = poster;
        this.json = json;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void send(Delivery delivery) {
        try {
            poster.post(name, HttpUrl.get(url.reveal()), json.writeValueAsBytes(delivery.payload()), Map.of());
        } catch (JsonProcessingException e) {
            throw DeliveryException.permanent(name + " payload cannot be written", e);
        }
    }
}
