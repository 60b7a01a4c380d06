package io.hotpapers.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where each daily digest is delivered: e-mail through SMTP, Slack and Discord incoming webhooks, and a generic
 * webhook that receives the JSON digest signed with a shared secret. Every part is optional.
 *
 * @param mail the e-mail delivery, or {@code null} when no SMTP server is configured
 * @param slackWebhook the Slack incoming webhook URL (it is itself a credential), or {@code null}
 * @param discordWebhook the Discord webhook URL (it is itself a credential), or {@code null}
 * @param webhook the generic webhook, or {@code null}
 * @param topPapers how many papers a chat message lists
 */
public record DeliverySettings(Mail mail, Secret slackWebhook, Secret discordWebhook, Webhook webhook,
                               int topPapers) {

    /** How mail reaches the SMTP server: in the clear (loopback only), upgraded with STARTTLS, or TLS from the start. */
    public enum SmtpSecurity { NONE, STARTTLS, TLS }

    /**
     * E-mail delivery.
     *
     * @param to the daily digest's recipients (validated addresses); empty without {@code HOTPAPERS_MAIL_TO}: then
     *           only watchlists with recipients of their own are mailed
     * @param password the SMTP password, or {@code null} without authentication
     */
    public record Mail(List<String> to, String from, String host, int port, SmtpSecurity security, String user,
                       Secret password) {
        public Mail {
            to = List.copyOf(to);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(security, "security");
        }

        /** Whether the daily digest (and a watchlist without recipients of its own) has anyone to go to. */
        public boolean hasGlobalRecipients() {
            return !to.isEmpty();
        }
    }

    /** The generic webhook: the JSON digest is POSTed to {@code url}, signed with HMAC-SHA256 over {@code secret}. */
    public record Webhook(HttpUrl url, Secret secret) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** No delivery at all. */
    public static DeliverySettings none() {
        return new DeliverySettings(null, null, null, null, 10);
    }

    /** The channels configured, by name ({@code email}, {@code slack}, {@code discord}, {@code webhook}). */
    public List<String> channels() {
        List<String> channels = new java.util.ArrayList<>();
        if (mail != null) {
            channels.add("email");
        }
        if (slackWebhook != null) {
            channels.add("slack");
        }
        if (discordWebhook != null) {
            channels.add("discord");
        }
        if (webhook != null) {
            channels.add("webhook");
        }
        return List.copyOf(channels);
    }

    /** The secrets among these settings, which logs and errors must never show. */
    public List<Secret> secrets() {
        List<Secret> secrets = new java.util.ArrayList<>();
        Optional.ofNullable(mail).map(Mail::password).ifPresent(secrets::add);
        Optional.ofNullable(slackWebhook).ifPresent(secrets::add);
        Optional.ofNullable(discordWebhook).ifPresent(secrets::add);
        Optional.ofNullable(webhook).map(Webhook::secret).ifPresent(secrets::add);
        Optional.ofNullable(webhook).map(hook -> new Secret(hook.url().toString())).ifPresent(secrets::add);
        return List.copyOf(secrets);
    }
}
