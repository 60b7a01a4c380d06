package io.hotpapers.scheduler.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each digest content reaches each channel once: reruns, failures, retries and restarts included. */
class DeliveryServiceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2026-11-27T09:05:00Z");
    private final MockWebServer slack = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    /** A fresh service over the same database: what a restarted process builds. */
    private DeliveryService service(String process) {
        DeliverySettings settings = new DeliverySettings(null, new Secret(slack.url("/services/T0/B0/secret").toString()),
                null, null, 10);
        return new DeliveryService(DeliveryChannels.configured(settings, http, json, clock, TestDigests.mailHtml(null)),
                new DeliveryStore(postgres.jdbi(), clock, json), TestDigests.messages(json, null),
                Throwable::getMessage, process, clock, new StopSignal());
    }

    private DeliveryStore store() {
        return new DeliveryStore(postgres.jdbi(), clock, json);
    }

    @Test
    void aRerunOfAnUnchangedDigestIsNotSentAgain() throws Exception {
        DeliveryService deliveries = service("node-1");
        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());

        assertThat(deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of())).containsEntry("slack", true);
        assertThat(deliveries.deliverDue().sent()).isEqualTo(1);

        // the digest job runs again (a retry, a catch-up, a rerun by hand) with the same content
        clock.advance(Duration.ofHours(1));
        assertThat(deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of())).containsEntry("slack", false);
        assertThat(deliveries.deliverDue().sent()).isZero();
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aChangedDigestIsSentAgainMarkedAsACorrection() throws Exception {
        DeliveryService deliveries = service("node-1");
        slack.enqueue(new MockResponse.Builder().code(200).build());
        slack.enqueue(new MockResponse.Builder().code(200).build());
        deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of());
        deliveries.deliverDue();

        deliveries.enqueue(TestDigests.digest(90, "A paper"), "", List.of());
        assertThat(deliveries.deliverDue().sent()).isEqualTo(1);

        assertThat(text(slack.takeRequest())).doesNotContain("correction");
        JsonNode correction = json.readTree(slack.takeRequest().getBody().utf8());
        assertThat(correction.path("text").asText()).isEqualTo("Hot Papers 2026-11-26 (correction)");
        assertThat(correction.toString()).contains("favorites: 90");
    }

    @Test
    void aServerErrorIsRetriedLaterAndThenDelivered() throws Exception {
        DeliveryService deliveries = service("node-1");
        slack.enqueue(new MockResponse.Builder().code(503).build());
        slack.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "600").build());
        slack.enqueue(new MockResponse.Builder().code(200).build());
        deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of());

        assertThat(deliveries.deliverDue().retrying()).isEqualTo(1);
        assertThat(deliveries.deliverDue().sent()).as("not due yet: the first retry waits a minute").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(deliveries.deliverDue().retrying()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(deliveries.deliverDue().sent()).as("Slack asked for ten minutes").isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(deliveries.deliverDue().sent()).isEqualTo(1);
        assertThat(slack.getRequestCount()).isEqualTo(3);
        assertThat(store().open(10)).isEmpty();
    }

    @Test
    void aRefusedWebhookFailsForGoodWithItsReasonAndWithoutItsUrl() {
        DeliveryService deliveries = service("node-1");
        slack.enqueue(new MockResponse.Builder().code(404).body("no_service").build());
        deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of());

        assertThat(deliveries.deliverDue().failed()).isEqualTo(1);

        List<DeliveryStore.Open> open = store().open(10);
        assertThat(open).singleElement().satisfies(failed -> {
            assertThat(failed.status()).isEqualTo("failed");
            assertThat(failed.lastError()).contains("slack answered HTTP 404").doesNotContain("secret");
        });
        clock.advance(Duration.ofDays(1));
        assertThat(deliveries.deliverDue().sent()).isZero();
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aDeliveryClaimedByAProcessThatDiedIsSentOnceByTheNextAfterItsLease() throws Exception {
        service("node-1").enqueue(TestDigests.digest(40, "A paper"), "", List.of());
        // node-1 claims it and dies before sending (or before recording the send)
        assertThat(store().claimDue("node-1", DeliveryService.LEASE, 10)).hasSize(1);

        slack.enqueue(new MockResponse.Builder().code(200).build());
        DeliveryService restarted = service("node-2");
        assertThat(restarted.deliverDue().sent()).as("node-1's lease still holds").isZero();
        clock.advance(DeliveryService.LEASE);
        assertThat(restarted.deliverDue().sent()).isEqualTo(1);
        assertThat(restarted.deliverDue().sent()).isZero();
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStaleDigestNotYetSentIsReplacedNotFollowedByACorrection() throws Exception {
        DeliveryService deliveries = service("node-1");
        slack.enqueue(new MockResponse.Builder().code(503).build());
        deliveries.enqueue(TestDigests.digest(40, "A paper"), "", List.of());
        deliveries.deliverDue(); // fails, waits for its retry

        deliveries.enqueue(TestDigests.digest(90, "A paper"), "", List.of());
        slack.enqueue(new MockResponse.Builder().code(200).build());
        clock.advance(Duration.ofMinutes(1));
        assertThat(deliveries.deliverDue().sent()).isEqualTo(1);
        slack.takeRequest(1, TimeUnit.SECONDS);

        JsonNode sent = json.readTree(slack.takeRequest().getBody().utf8());
        assertThat(sent.path("text").asText()).isEqualTo("Hot Papers 2026-11-26");
        assertThat(sent.toString()).contains("favorites: 90");
        clock.advance(Duration.ofHours(1));
        assertThat(deliveries.deliverDue().sent()).isZero();
    }

    private String text(RecordedRequest request) throws Exception {
        return json.readTree(request.getBody().utf8()).path("text").asText();
    }

    @Test
    void aChangedRecipientListTakesOverWhatWasNotSentButNeverGetsWhatWas() {
        DeliveryStore store = store();
        java.time.LocalDate day = java.time.LocalDate.parse("2026-11-26");
        JsonNode payload = json.createObjectNode();
        String content = "a".repeat(64);
        String oldList = DeliveryService.recipientsKey(List.of("ada@lab.example"));
        String newList = DeliveryService.recipientsKey(List.of("carol@new.example"));
        assertThat(store.enqueue(day, "follow", "email", content, oldList, false, payload)).isTrue();

        // not sent yet (the SMTP server was down) when the list changed: the new list gets it, the old one not
        assertThat(store.enqueue(day, "follow", "email", content, newList, false, payload)).isTrue();
        assertThat(statusByList()).containsEntry(oldList, "superseded").containsEntry(newList, "pending");
        List<Delivery> claimed = store.claimDue("node-1", Duration.ofMinutes(10), 10);
        assertThat(claimed).hasSize(1);
        store.sent(claimed.get(0).id());

        // sent to the new list: the same content is not sent again to another one
        assertThat(store.enqueue(day, "follow", "email", content, oldList, false, payload)).isFalse();
        assertThat(statusByList()).containsEntry(oldList, "superseded").containsEntry(newList, "sent");
        assertThat(DeliveryService.recipientsKey(List.of("b@x.org", "a@x.org")))
                .as("the order of the addresses does not matter")
                .isEqualTo(DeliveryService.recipientsKey(List.of("a@x.org", "b@x.org")));
    }

    private java.util.Map<String, String> statusByList() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT recipients_sha256, status FROM deliveries")
                .setMapKeyColumn("recipients_sha256").setMapValueColumn("status")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<java.util.Map<String, String>>() { }));
    }
}
