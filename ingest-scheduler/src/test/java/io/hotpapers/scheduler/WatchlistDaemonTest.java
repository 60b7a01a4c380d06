package io.hotpapers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.scheduler.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon does after each daily digest: every watchlist's digest of the date written and delivered to the
 * watchlist's own channels, once per (content, channel, watchlist) across reruns and a restart; a changed content
 * sent as a correction.
 */
class WatchlistDaemonTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2021-05-11");

    @TempDir
    Path home;

    private final MockWebServer slack = new MockWebServer();
    private final MutableClock clock = MutableClock.at("2021-05-12T08:56:20Z");

    @BeforeEach
    void day() throws Exception {
        slack.start();
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                        submitted_at, last_updated_at, ingested_at, updated_at)
                    VALUES ('2105.04026', 1, 'The Modern Mathematics of Deep Learning', 'Graph neural networks.',
                            ARRAY['Julius Berner'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now()),
                           ('2105.09999', 1, 'Energy Based Models', 'Nobody posted this.',
                            ARRAY['Yann LeCun'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now())
                    """);
            handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new'),"
                    + " ('2021-05-11', 'cs.LG', '2105.09999', 'new')");
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                       created_at, first_seen_at)
                    VALUES (1, 'x', '1392023521585475589', '1', 'StatMLPapers', 'Stat.ML Papers', 'Read it', 'en',
                            '2021-05-11T06:10:02Z', '2021-05-11T07:00:00Z')
                    """);
            handle.execute("INSERT INTO post_papers VALUES (1, '2105.04026')");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-12T08:00:00Z')");
            handle.execute("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                    VALUES (1, '2021-05-12T08:00:00Z', 5214, 439, 3, 4)
                    """);
        });
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    /** A new process, as after a restart: nothing kept in memory from the previous one. */
    private App startApp() {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG");
        environment.put("HOTPAPERS_SOURCES", "none");
        environment.put("HOTPAPERS_SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
        return new CliContext(environment, home, clock, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))
                .startApp(new ConfigLoader(environment, home, CategoryTaxonomy.load()).load());
    }

    /** The daemon's daily digest of the day, then what follows it. */
    private void digestRun(App app) {
        Digest digest = app.digests().make(DAY, DigestParameters.defaults(List.of("cs.LG")),
                Instant.parse("2021-05-12T08:30:00Z"));
        app.afterDigest(digest);
    }

    private List<String> slackTitles() throws InterruptedException {
        List<String> titles = new ArrayList<>();
        RecordedRequest request;
        while ((request = slack.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            JsonNode message;
            try {
                message = new ObjectMapper().readTree(request.getBody().utf8());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            titles.add(message.path("text").asText());
        }
        return titles;
    }

    @Test
    void eachWatchlistsDigestGoesToItsOwnChannelsOnceAcrossRerunsAndRestarts() throws Exception {
        App first = startApp();
        try {
            first.watchlistDigests().watchlists().save(new Watchlist("follow", List.of(), List.of("Y. LeCun"),
                    List.of(), 0, List.of("slack")), false);
            first.watchlistDigests().watchlists().save(new Watchlist("quiet", List.of("graph neural network*"),
                    List.of(), List.of(), 0, List.of()), false);
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());

            digestRun(first);

            assertThat(slackTitles()).containsExactlyInAnyOrder("Hot Papers 2021-05-11",
                    "Hot Papers 2021-05-11 \u2014 watchlist follow");
            assertThat(home.resolve("digests/watch/follow/hot-papers-2021-05-11.md")).exists();
            assertThat(home.resolve("digests/watch/quiet/hot-papers-2021-05-11.json"))
                    .as("a watchlist without channels still gets its digest").exists();
            assertThat(Files.readString(home.resolve("site/watch/quiet/2021-05-11.html")))
                    .contains("The Modern Mathematics of Deep Learning");

            digestRun(first);
            assertThat(slackTitles()).as("a rerun of unchanged digests sends nothing").isEmpty();
        } finally {
            first.stop();
        }

        App second = startApp();
        try {
            digestRun(second);
            assertThat(slackTitles()).as("nor does a new process").isEmpty();

            // the followed author's paper gets its first post: the watchlist's digest changed
            postgres.jdbi().useHandle(handle -> handle.execute("INSERT INTO post_papers VALUES (1, '2105.09999')"));
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            digestRun(second);
            assertThat(slackTitles()).as("changed contents go again, marked as corrections")
                    .containsExactlyInAnyOrder("Hot Papers 2021-05-11 (correction)",
                            "Hot Papers 2021-05-11 \u2014 watchlist follow (correction)");
            int sent = postgres.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM deliveries WHERE watchlist = 'follow' AND status = 'sent'")
                    .mapTo(Integer.class).one());
            assertThat(sent).isEqualTo(2);
        } finally {
            second.stop();
        }
    }

    @Test
    void aWatchlistDigestThatFailedIsMadeAndSentByTheNextDeliveryRound() throws Exception {
        App app = startApp();
        try {
            app.watchlistDigests().watchlists().save(new Watchlist("follow", List.of(), List.of("Y. LeCun"),
                    List.of(), 0, List.of("slack")), false);
            // a file where the watchlist's directory goes: writing its digest fails after the daily digest
            Path obstacle = home.resolve("digests/watch/follow");
            Files.createDirectories(obstacle.getParent());
            Files.writeString(obstacle, "in the way");
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());

            digestRun(app);
            assertThat(slackTitles()).as("the daily digest went, the watchlist's failed")
                    .containsExactly("Hot Papers 2021-05-11");

            Files.delete(obstacle);
            clock.advance(java.time.Duration.ofMinutes(5));
            // made after the daily digest: nothing of that day is owed to it
            app.watchlistDigests().watchlists().save(new Watchlist("late", List.of("energy"), List.of(),
                    List.of(), 0, List.of("slack")), false);
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            app.deliveryRound();

            assertThat(home.resolve("digests/watch/follow/hot-papers-2021-05-11.json")).exists();
            assertThat(Files.readString(home.resolve("site/watch/follow/2021-05-11.html")))
                    .contains("Energy Based Models");
            assertThat(slackTitles()).containsExactly("Hot Papers 2021-05-11 \u2014 watchlist follow");
            assertThat(home.resolve("digests/watch/late")).doesNotExist();

            app.deliveryRound();
            assertThat(slackTitles()).as("made once: the next round finds nothing missing").isEmpty();
        } finally {
            app.stop();
        }
    }

    @Test
    void aWatchlistDigestNeverStoredIsMadeByTheNextDeliveryRoundWithinTheLastWeek() throws Exception {
        App app = startApp();
        try {
            app.watchlistDigests().watchlists().save(new Watchlist("follow", List.of(), List.of("Y. LeCun"),
                    List.of(), 0, List.of()), false);
            // the process stopped between the daily digest and its watchlists
            app.digests().make(DAY, DigestParameters.defaults(List.of("cs.LG")), Instant.parse("2021-05-12T08:30:00Z"));
            clock.set(Instant.parse("2021-05-19T09:00:00Z"));
            app.deliveryRound();
            assertThat(home.resolve("digests/watch/follow")).as("eight days later it is out of reach")
                    .doesNotExist();

            clock.set(Instant.parse("2021-05-18T09:00:00Z"));
            app.deliveryRound();
            JsonNode made = new ObjectMapper().readTree(
                    home.resolve("digests/watch/follow/hot-papers-2021-05-11.json").toFile());
            assertThat(made.path("entries").get(0).path("arxivId").asText()).isEqualTo("2105.09999");
            String cutoff = postgres.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT cutoff::text FROM digests WHERE watchlist = 'follow'").mapTo(String.class).one());
            assertThat(cutoff).as("at the daily digest's cutoff").isEqualTo("2021-05-12 08:30:00+00");
        } finally {
            app.stop();
        }
    }
}
