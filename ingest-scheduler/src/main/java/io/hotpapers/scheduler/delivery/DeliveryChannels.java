package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.scheduler.site.DigestEmailHtml;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/** Builds the channels the settings configure, in a fixed order: email, slack, discord, webhook. */
public final class DeliveryChannels {
    private DeliveryChannels() {
    }

    /**
     * @param http the client for webhooks (User-Agent, timeouts); redirects are not followed by the channels
     * @param mailHtml renders the e-mail's HTML part like the site's digest page
     */
    public static List<DeliveryChannel> configured(DeliverySettings settings, OkHttpClient http, ObjectMapper json,
                                                   Clock clock, DigestEmailHtml mailHtml) {
        // a webhook that redirects could send the signed digest elsewhere: follow nothing
        WebhookPoster poster = new WebhookPoster(http.newBuilder().followRedirects(false).followSslRedirects(false)
                .build(), clock);
        List<DeliveryChannel> channels = new ArrayList<>();
        if (settings.mail() != null) {
            channels.add(new EmailChannel(settings.mail(), mailHtml, json, clock));
        }
        if (settings.slackWebhook() != null) {
            channels.add(new SlackChannel(settings.slackWebhook(), poster, json));
        }
        if (settings.discordWebhook() != null) {
            channels.add(new DiscordChannel(settings.discordWebhook(), poster, json));
        }
        if (settings.webhook() != null) {
            channels.add(new SignedWebhookChannel(settings.webhook(), poster, json, clock));
        }
        return List.copyOf(channels);
    }
}
