package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.SharedRequestSpacer;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.PostgresExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * arXiv's spacing held by all hotpapers processes on one database together: a second JVM and this one send
 * requests to one server at once, and the server sees them at least ARXIV_MIN_INTERVAL apart.
 */
@Timeout(120)
@Tag("reliability")
class SharedSpacingTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final int REQUESTS_EACH = 4;

    @TempDir
    Path logs;

    private final MockWebServer server = new MockWebServer();
    /** When the server saw each request (its own monotonic clock) and from which process. */
    private final List<Long> seen = new ArrayList<>();
    private final List<String> senders = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (seen) {
                    seen.add(System.nanoTime());
                    senders.add(request.getUrl().queryParameter("from"));
                }
                return new MockResponse.Builder().code(200).body("ok").build();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    /** The arXiv client's politeness, as App wires it: per-process spacer first, then the database's. */
    static OkHttpClient politeClient(Database database, Duration interval) {
        return new OkHttpClient.Builder()
                .addInterceptor(RequestSpacer.afterEnd(interval, Clock.systemUTC(), Sleeper.SYSTEM))
                .addInterceptor(new SharedRequestSpacer("arxiv", interval, Duration.ofMinutes(1),
                        database::dataSource, Clock.systemUTC(), Sleeper.SYSTEM))
                .build();
    }

    static void send(OkHttpClient http, HttpUrl url, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                response.body().string();
            }
        }
    }

    /** Reads the probe's output up to the line (logback may print its own status lines first). */
    private static boolean awaitLine(BufferedReader output, String expected) throws IOException {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void twoProcessesOnOneDatabaseKeepTheIntervalBetweenAllTheirRequests() throws Exception {
        DatabaseSettings.External database = postgres.settings();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpacingProbe.class.getName(), database.jdbcUrl(), database.user() == null ? "" : database.user(),
                database.password() == null ? "" : database.password().reveal(), server.url("/api").toString(),
                Integer.toString(REQUESTS_EACH), Long.toString(INTERVAL.toMillis()))
                .redirectError(Files.createFile(logs.resolve("probe.log")).toFile())
                .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(awaitLine(output, "READY")).isTrue();

            send(politeClient(postgres.database(), INTERVAL),
                    server.url("/api").newBuilder().addQueryParameter("from", "test").build(), REQUESTS_EACH);

            assertThat(awaitLine(output, "DONE")).isTrue();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            probe.destroyForcibly().waitFor();
        }

        assertThat(senders).hasSize(2 * REQUESTS_EACH).contains("test", "probe");
        for (int i = 1; i < seen.size(); i++) {
            long apart = seen.get(i) - seen.get(i - 1);
            assertThat(Duration.ofNanos(apart)).as("request %d (%s) after request %d (%s)", i, senders.get(i),
                    i - 1, senders.get(i - 1)).isGreaterThanOrEqualTo(INTERVAL);
        }
    }

    @Test
    void anUnreachableDatabaseFallsBackToPerProcessSpacingWithAWarning() throws Exception {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/hotpapers?connectTimeout=2");
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(RequestSpacer.afterEnd(INTERVAL, Clock.systemUTC(), Sleeper.SYSTEM))
                .addInterceptor(new SharedRequestSpacer("arxiv", INTERVAL, Duration.ofMinutes(1), () -> unreachable,
                        Clock.systemUTC(), Sleeper.SYSTEM))
                .build();

        try (LogCapture log = LogCapture.of(SharedRequestSpacer.class)) {
            send(http, server.url("/api").newBuilder().addQueryParameter("from", "test").build(), 3);

            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN Cannot space arxiv requests through the database")
                    .contains("spacing this process's requests only");
        }
        assertThat(seen).as("every request went out").hasSize(3);
    }
}
