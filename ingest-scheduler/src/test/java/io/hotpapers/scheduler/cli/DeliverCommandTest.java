package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import io.hotpapers.core.testing.PostgresExtension;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;

/** {@code hotpapers deliver}: a date's digest to Slack by hand, once per content, and its misuse. */
class DeliverCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private final MockWebServer slack = new MockWebServer();
    private CliRun cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void fixtureDay() {
        cli = new CliRun(home, "2021-05-12T08:56:20Z");
        out = cli.out;
        err = cli.err;
        postgres.truncateAll();
        postgres.jdbi().useHandle(FixtureDay::insert);
    }


    @BeforeEach
    void startSlack() throws Exception {
        slack.start();
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private int run(String... args) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG,stat.ML");
        environment.put("HOTPAPERS_SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
        return cli.run(environment, args);
    }

    @Test
    void deliversTheDigestOnceAndSaysSoOnTheSecondRun() throws Exception {
        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());

        assertThat(run("deliver", "--date", "2021-05-11")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("slack: queued", "1 sent, 0 to retry, 0 failed");
        JsonNode message = new ObjectMapper().readTree(slack.takeRequest().getBody().utf8());
        assertThat(message.path("text").asText()).isEqualTo("Hot Papers 2021-05-11");
        assertThat(message.toString()).contains("The Modern Mathematics of Deep Learning",
                "retweets: 5214, favorites: 439");

        cli.clear();
        assertThat(run("deliver", "--date", "2021-05-11")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("slack: this content was queued before", "0 sent");
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aFailedDeliveryExitsOneAndShowsInStatus() {
        slack.enqueue(new MockResponse.Builder().code(503).build());

        assertThat(run("deliver", "--date", "2021-05-11")).isEqualTo(1);
        assertThat(err.toString()).contains("2021-05-11 slack daily: pending after 1 attempt(s): slack answered HTTP 503")
                .doesNotContain("XXXX");

        cli.clear();
        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains("deliveries  slack: 1 pending or failed",
                "2021-05-11 slack   daily    pending    1 attempt(s): slack answered HTTP 503");
    }

    @Test
    void misuseExitsTwoWithOneLine() {
        assertThat(run("deliver", "--date", "2021-05-11", "--to", "pigeon")).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .contains("--to: unknown channel 'pigeon' (known: email, slack, discord, webhook)");

        cli.clear();
        assertThat(run("deliver", "--date", "2021-05-11", "--to", "email")).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .contains("--to email: that channel is not configured (configured: slack)");
    }

    @Test
    void withEmailButNoHotpapersMailToTheDailyDigestGoesToTheOtherChannelsAndSaysSo() throws Exception {
        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG,stat.ML");
        environment.put("HOTPAPERS_SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
        // e-mail for watchlists only: no server is needed, the daily digest never reaches it
        environment.put("HOTPAPERS_SMTP_HOST", "127.0.0.1");
        environment.put("HOTPAPERS_SMTP_PORT", "1");
        environment.put("HOTPAPERS_SMTP_STARTTLS", "false");
        environment.put("HOTPAPERS_SMTP_FROM", "hotpapers@example.org");

        assertThat(cli.run(environment, "deliver", "--date", "2021-05-11")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("note: the daily digest is not e-mailed: HOTPAPERS_MAIL_TO is not set");
        assertThat(out.toString()).contains("slack: queued", "1 sent, 0 to retry, 0 failed").doesNotContain("email");
        assertThat(slack.getRequestCount()).isEqualTo(1);

        cli.clear();
        assertThat(cli.run(environment, "deliver", "--date", "2021-05-11", "--to", "email")).isEqualTo(2);
        assertThat(cli.firstErrorLine()).contains("the daily digest is not e-mailed: HOTPAPERS_MAIL_TO is not set "
                + "(only watchlists with --mail-to are mailed); pass --to with another channel");
        int emailRows = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM deliveries WHERE channel = 'email'").mapTo(Integer.class).one());
        assertThat(emailRows).isZero();
    }
}
