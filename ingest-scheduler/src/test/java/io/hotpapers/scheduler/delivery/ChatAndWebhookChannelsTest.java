package io.hotpapers.scheduler.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Slack, Discord and a webhook receiver get: escaped text, no pings, a verifiable signature. */
class ChatAndWebhookChannelsTest {
    private static final String HOSTILE = "<!channel> @everyone **bold** [click](https://evil.example) & <b>x</b>";
    private static final String SHARED_SECRET = "a-shared-secret-of-some-length";

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2026-11-27T09:05:00Z");
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<DeliveryChannel> channels() {
        DeliverySettings settings = new DeliverySettings(null, new Secret(server.url("/slack").toString()),
                new Secret(server.url("/discord").toString()),
                new DeliverySettings.Webhook(server.url("/hook"), new Secret(SHARED_SECRET)), 10);
        return DeliveryChannels.configured(settings, new OkHttpClient(), json, clock,
                TestDigests.mailHtml(null));
    }

    private DeliveryChannel channel(String name) {
        return channels().stream().filter(channel -> channel.name().equals(name)).findFirst().orElseThrow();
    }

    private DigestMessage message(String... titles) {
        return TestDigests.messages(json, "https://papers.example.org").of(TestDigests.digest(40, titles), "");
    }

    private RecordedRequest send(String channelName, DigestMessage message) throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).build());
        DeliveryChannel channel = channel(channelName);
        channel.send(new Delivery(7, LocalDate.parse("2026-11-26"), "", channelName, "0".repeat(64), false,
                channel.payload(message), 0));
        return server.takeRequest();
    }

    @Test
    void slackGetsTheTopPapersWithHostileTitlesEscaped() throws Exception {
        JsonNode body = json.readTree(send("slack", message(HOSTILE, "Second")).getBody().utf8());

        assertThat(body.path("text").asText()).isEqualTo("Hot Papers 2026-11-26");
        String first = body.path("blocks").get(1).path("text").path("text").asText();
        assertThat(first).startsWith("1. *<https://arxiv.org/abs/2611.00001|")
                .contains("&lt;!channel&gt;", "&amp; &lt;b&gt;x&lt;/b&gt;", "retweets: 3, favorites: 40")
                .doesNotContain("<!channel>", "<b>");
        assertThat(body.path("blocks").get(2).path("text").path("text").asText()).startsWith("2. *<");
        assertThat(body.toString()).contains("<https://papers.example.org/digest/2026-11-26.html|The whole digest>");
    }

    @Test
    void discordPingsNobodyWhateverATitleSays() throws Exception {
        JsonNode body = json.readTree(send("discord", message(HOSTILE)).getBody().utf8());

        assertThat(body.path("allowed_mentions").path("parse")).isEmpty();
        JsonNode embed = body.path("embeds").get(0);
        assertThat(embed.path("url").asText()).isEqualTo("https://arxiv.org/abs/2611.00001");
        assertThat(embed.path("title").asText()).contains("\\@everyone", "\\*\\*bold\\*\\*", "\\[click\\]")
                .doesNotContain(" @everyone");
    }

    @Test
    void theWebhookCarriesTheJsonDigestWithASignatureTheReceiverCanCheck() throws Exception {
        RecordedRequest request = send("webhook", message("A paper"));
        byte[] body = request.getBody().toByteArray();

        JsonNode digest = json.readTree(body);
        assertThat(digest.path("schema").asText()).isEqualTo("hotpapers-digest/1");
        assertThat(digest.path("entries").get(0).path("arxivId").asText()).isEqualTo("2611.00001");
        String timestamp = request.getHeaders().get("X-Hotpapers-Timestamp");
        assertThat(timestamp).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(request.getHeaders().get("X-Hotpapers-Signature")).isEqualTo("sha256=" + hmac(timestamp, body));
        assertThat(request.getHeaders().get("X-Hotpapers-Delivery")).isEqualTo("2026-11-26/daily/7");
    }

    @Test
    void aRedirectingWebhookIsNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "https://elsewhere.example/")
                .build());
        DeliveryChannel webhook = channel("webhook");
        Delivery delivery = new Delivery(7, LocalDate.parse("2026-11-26"), "", "webhook", "0".repeat(64), false,
                webhook.payload(message("A paper")), 0);

        assertThatThrownBy(() -> webhook.send(delivery)).isInstanceOf(DeliveryException.class)
                .hasMessage("webhook answered HTTP 307 (the request was refused; check the webhook setting)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** The receiver's check, written from the documented scheme: HMAC-SHA256 of "timestamp.body". */
    private static String hmac(String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SHARED_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signed = (timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(mac.doFinal(signed));
    }
}
