package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.scheduler.jobs.DaemonJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotpapers daemon} whose external database goes away for good: after {@code HOTPAPERS_DB_DOWN_EXIT} the
 * command stops cleanly and returns 1 for a supervisor to act on (here in real time, with a one-second limit).
 */
@Timeout(120)
@Tag("reliability")
class DaemonExitTest {
    @TempDir
    Path home;

    private final MockWebServer arxiv = new MockWebServer();
    private EmbeddedPostgres server;

    @AfterEach
    void stop() throws IOException {
        arxiv.close();
        if (server != null) {
            server.close();
        }
    }

    /** Waits (bounded) until the daemon has started: it has registered its jobs in job_health, as its last step. */
    private static void awaitCheckIn(String url, CompletableFuture<Integer> daemon) throws Exception {
        for (int attempt = 0; attempt < 240 && !daemon.isDone(); attempt++) {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM job_health")) {
                rows.next();
                if (rows.getInt(1) == DaemonJob.all(List.of()).size()) { // X off: the global jobs only
                    return;
                }
            }
            Thread.sleep(250); // polling a real daemon, not timing anything
        }
        throw new AssertionError("the daemon did not start scheduling" + (daemon.isDone() ? ": exit " + daemon.get() : ""));
    }

    @Test
    void theDaemonExitsWithOneWhenItsDatabaseStaysDownLongerThanAllowed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = EmbeddedPostgres.builder().setDataDirectory(home.resolve("external")).setPort(port).start();
        arxiv.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(404).build(); // nothing should be asked; if so, fail fast
            }
        });
        arxiv.start();
        Map<String, String> environment = Map.of("HOTPAPERS_HOME", home.toString(),
                "HOTPAPERS_DB_URL", server.getJdbcUrl("postgres", "postgres"), "HOTPAPERS_HTTP_ADDRESS", "off",
                "HOTPAPERS_DB_DOWN_EXIT", "PT1S", "HOTPAPERS_SHUTDOWN_GRACE", "PT1S", "HOTPAPERS_CATEGORIES", "cs.LG",
                "HOTPAPERS_SOURCES", "none",
                "ARXIV_API_URL", arxiv.url("/api/query").toString(), "ARXIV_RSS_URL", arxiv.url("/rss/").toString());
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(environment, home, Clock.systemUTC(), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(Cli.run(context, "db", "migrate")).isZero();
        // a listing stored for tomorrow: catch-up finds nothing owed and leaves arXiv alone
        try (Connection connection = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO listings VALUES ('" + LocalDate.now(ZoneOffset.UTC).plusDays(1)
                    + "', 'cs.LG', '2105.00001', 'new')");
        }

        CompletableFuture<Integer> daemon = CompletableFuture.supplyAsync(() -> Cli.run(context, "daemon"));
        awaitCheckIn(server.getJdbcUrl("postgres", "postgres"), daemon);
        server.close();

        int exitCode = daemon.get(60, TimeUnit.SECONDS);
        assertThat(exitCode).isEqualTo(Cli.FAILURE);
        assertThat(err.toString()).isEqualTo("hotpapers daemon: the database stayed unreachable for PT1S "
                + "(HOTPAPERS_DB_DOWN_EXIT); exiting with 1" + System.lineSeparator());
    }
}
