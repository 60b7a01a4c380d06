package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.hotpapers.scheduler.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM on {@code hotpapers backfill} in a real second JVM with its own embedded PostgreSQL: the page
 * in flight finishes and the date it completes is stored, no further page is asked, one line says how far it got, the exit code names the signal, the
 * embedded server is stopped and no run is left {@code running}.
 */
@Tag("reliability")
@Timeout(240)
class BackfillSignalTest {
    private static final String EMPTY_ANSWER = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/test</id>
              <title>arXiv Query</title>
              <updated>2026-04-12T22:09:36Z</updated>
              <opensearch:itemsPerPage>0</opensearch:itemsPerPage>
              <opensearch:totalResults>0</opensearch:totalResults>
              <opensearch:startIndex>0</opensearch:startIndex>
            </feed>
            """;

    @TempDir
    Path home;

    private final MockWebServer arxiv = new MockWebServer();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch secondDateAsked = new CountDownLatch(1);
    private final CountDownLatch releaseSecondDate = new CountDownLatch(1);
    private final CountDownLatch stopAcknowledged = new CountDownLatch(1);
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        arxiv.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                // one query for the three dates, announcing three pages of 2,000: a Monday paper on the first, a
                // Tuesday paper on the second (which completes Monday), a Wednesday paper on the third
                if (requests.incrementAndGet() == 2) {
                    secondDateAsked.countDown();
                    releaseSecondDate.await(); // the signal arrives while this request is in flight
                }
                int start = Integer.parseInt(request.getUrl().queryParameter("start"));
                String submitted = switch (start) {
                    case 0 -> "2021-05-07T10:00:00Z";
                    case 2000 -> "2021-05-08T10:00:00Z";
                    default -> "2021-05-11T10:00:00Z";
                };
                String id = "2105.0" + (1000 + start / 2000);
                return new MockResponse.Builder().code(200).body(EMPTY_ANSWER
                        .replace("<opensearch:totalResults>0<", "<opensearch:totalResults>4001<")
                        .replace("<opensearch:startIndex>0<", "<opensearch:startIndex>" + start + "<")
                        .replace("</feed>", """
                                <entry><id>http://arxiv.org/abs/%1$sv1</id><title>Paper %1$s</title>
                                <updated>%2$s</updated><published>%2$s</published><summary>Abstract</summary>
                                <category term="cs.LG"/><author><name>Ada</name></author></entry></feed>
                                """.formatted(id, submitted))).build();
            }
        });
        arxiv.start();
    }

    @AfterEach
    void stop() {
        releaseSecondDate.countDown();
        arxiv.close();
    }

    private Process backfill() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "backfill", "--from", "2021-05-10", "--to", "2021-05-12", "--no-social")
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("HOTPAPERS_") || name.startsWith("X_")
                || name.startsWith("ARXIV_"));
        environment.put("HOTPAPERS_HOME", home.toString()); // no HOTPAPERS_DB_URL: the embedded server
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG");
        environment.put("HOTPAPERS_LOG_LEVEL", "DEBUG");
        environment.put("ARXIV_API_URL", arxiv.url("/api/query").toString());
        environment.put("ARXIV_RSS_URL", arxiv.url("/rss/").toString());
        environment.put("ARXIV_MIN_INTERVAL", "PT0.001S");
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.contains("stopping after the current unit of work")) {
                        stopAcknowledged.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                output.add("reader: " + e);
            }
        }, "probe-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsAfterTheDateInFlightAndLeavesNothingRunning(String signal, int exitCode) throws Exception {
        Process probe = backfill();
        try {
            assertThat(secondDateAsked.await(150, TimeUnit.SECONDS)).as("the probe asked for the second page: %s",
                    output).isTrue();
            // kill(1) rather than Process.destroy(), which sends SIGTERM too but closes the output we read
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(probe.pid())).start().waitFor()).isZero();
            assertThat(stopAcknowledged.await(30, TimeUnit.SECONDS)).as("the handler saw the signal: %s", output)
                    .isTrue();
            releaseSecondDate.countDown();
            assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe exited: %s", output).isTrue();
        } finally {
            probe.destroyForcibly().waitFor();
        }

        assertThat(probe.exitValue()).as(String.join("\n", output)).isEqualTo(exitCode);
        // the page in flight completed Monday, which is stored; no further page, Tuesday and Wednesday redone later
        assertThat(output).filteredOn(line -> line.startsWith("interrupted"))
                .containsExactly("interrupted after 1 of 3 dates; run the same command again to resume");
        assertThat(requests.get()).as("no third page asked").isEqualTo(2);
        assertThat(output).noneMatch(line -> line.contains("ERROR") || line.contains("Exception"));
        assertThat(home.resolve("pgdata/postmaster.pid")).as("the embedded server was stopped").doesNotExist();

        Database database = new Database(new DatabaseSettings.Embedded(home));
        database.start();
        try {
            List<String> statuses = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT status FROM ingest_runs ORDER BY run_id").mapTo(String.class).list());
            assertThat(statuses).containsExactly("succeeded", "interrupted", "interrupted");
        } finally {
            database.stop();
        }
        assertThat(Files.exists(home.resolve("pgdata/postmaster.pid"))).isFalse();
    }
}
