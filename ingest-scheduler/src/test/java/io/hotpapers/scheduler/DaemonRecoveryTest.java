package io.hotpapers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.testing.StoredRows;
import io.hotpapers.scheduler.jobs.DaemonJob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's embedded PostgreSQL is killed: the daemon restarts it, serves /health up again, and jobs run. */
@Timeout(180)
@Tag("reliability")
class DaemonRecoveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private final MockWebServer arxiv = new MockWebServer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Daemon daemon;

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) {
            daemon.stop();
        }
        arxiv.close();
    }

    private HttpResponse<String> health() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.healthPort() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asks /health until it answers as expected; the daemon works in real time here, so this polls with a bound. */
    private HttpResponse<String> awaitHealth(Predicate<HttpResponse<String>> expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = health();
            if (last != null && expected.test(last)) {
                return last;
            }
            Thread.sleep(250); // polling a real daemon, not timing anything
        }
        throw new AssertionError("no expected /health within " + PATIENCE + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid"), StandardCharsets.UTF_8).get(0)
                .strip());
    }

    private static boolean up(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().startsWith("{\"status\":\"up\"");
    }

    @Test
    void theDaemonSurvivesItsEmbeddedServerBeingKilledAndServesHealthUpAgain() throws Exception {
        arxiv.start();
        CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
        HotpapersConfig config = new ConfigLoader(Map.of("HOTPAPERS_HOME", home.toString(),
                "HOTPAPERS_HTTP_ADDRESS", "127.0.0.1:0", "HOTPAPERS_CATEGORIES", "cs.LG",
                "ARXIV_API_URL", arxiv.url("/api/query").toString(), "ARXIV_RSS_URL", arxiv.url("/rss/").toString(),
                // about the database, not the networks: no source's jobs (a job that ran while the database was
                // down would stay failed until its next success, an hour later)
                "HOTPAPERS_SOURCES", "none"),
                home, taxonomy).load();
        App app = new App(config, Clock.systemUTC(), Sleeper.SYSTEM, taxonomy);
        app.start();
        // the newest announced date is stored with its metadata, so catch-up has nothing to fetch from arXiv
        LocalDate latest = app.jobs().latestAnnounced();
        Instant submitted = Instant.parse("2021-05-06T10:00:00Z");
        app.listingStore().storeAnnouncement(List.of(new Paper("2105.00001", 1, "A paper", "Abstract", List.of("Ada"),
                        "cs.LG", List.of("cs.LG"), submitted, submitted, null, null, null)),
                List.of(new Listing(latest, "cs.LG", "2105.00001", AnnounceType.NEW)));
        daemon = new Daemon(app);
        daemon.start();
        awaitHealth(DaemonRecoveryTest::up);
        long killed = postmasterPid();

        ProcessHandle postmaster = ProcessHandle.of(killed).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get();

        HttpResponse<String> recovered = awaitHealth(response -> {
            try {
                return up(response) && Files.exists(home.resolve("pgdata/postmaster.pid")) && postmasterPid() != killed;
            } catch (IOException | RuntimeException e) {
                return false; // the pid file is being written
            }
        });
        assertThat(recovered.body()).contains("\"database\":\"up\"", "\"scheduler\":\"running\"");
        assertThat(daemon.databaseLost()).as("no exit: the database came back").isNotDone();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.healthPort()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("hotpapers_database_restarts_total 1.0");
        assertThat(StoredRows.listings(app.database().jdbi(), latest)).as("the data survived").hasSize(1);

        Instant afterRecovery = Instant.now();
        // X is off here, so no source has jobs: the digest job (no network: the metadata is stored) shows runs resume
        daemon.runNow(DaemonJob.DIGEST);
        HttpResponse<String> resumed = awaitHealth(response -> response.body().contains("\"digest\":{\"state\":\"ok\","
                + "\"lastSuccess\":\"") && lastDigest(response).isAfter(afterRecovery));
        assertThat(up(resumed)).isTrue();
        assertThat(arxiv.getRequestCount()).as("nothing was asked of arXiv").isZero();
    }

    private static Instant lastDigest(HttpResponse<String> response) {
        String marker = "\"digest\":{\"state\":\"ok\",\"lastSuccess\":\"";
        int start = response.body().indexOf(marker) + marker.length();
        return Instant.parse(response.body().substring(start, response.body().indexOf('"', start)));
    }
}
