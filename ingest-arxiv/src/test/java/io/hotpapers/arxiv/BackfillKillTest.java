package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} in the middle of a backfill, then a rerun: the database ends as after an uninterrupted run. */
@Tag("reliability")
@Timeout(120)
class BackfillKillTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final String NOW = "2021-05-13T12:00:00Z";
    private static final String WEDNESDAY_WINDOW = "[202105101800 TO 202105111759]";
    private static final List<String> TABLES = List.of("papers", "listings");

    @TempDir
    Path logs;

    private final MockWebServer arxiv = new MockWebServer();
    private final CountDownLatch wednesdayAsked = new CountDownLatch(1);
    private final CountDownLatch releaseWednesday = new CountDownLatch(1);
    private volatile boolean holdWednesday;

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        arxiv.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String query = request.getUrl().queryParameter("search_query");
                String window = query.substring(query.indexOf("submittedDate:") + 14, query.indexOf(" OR lastUpdatedDate"));
                if (holdWednesday && window.equals(WEDNESDAY_WINDOW)) {
                    wednesdayAsked.countDown();
                    releaseWednesday.await(); // the probe is killed while it waits for this answer
                }
                String day = window.substring(1, 9);
                String published = day.substring(0, 4) + "-" + day.substring(4, 6) + "-" + day.substring(6, 8)
                        + "T19:00:00Z";
                return new MockResponse.Builder().code(200).body(AtomBodies.feed(2, 0, List.of(
                        AtomBodies.entry("2105.1" + day.substring(6, 8) + "01", 1, published, published, "cs.LG"),
                        AtomBodies.entry("2105.1" + day.substring(6, 8) + "02", 1, published, published, "stat.ML",
                                "cs.LG")))).build();
            }
        });
        arxiv.start();
    }

    @AfterEach
    void stop() {
        releaseWednesday.countDown();
        arxiv.close();
    }

    static void backfill(Database database, HttpUrl api) {
        BackfillProbe.run(database, api);
    }

    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : TABLES) {
            sums.put(table, postgres.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                            + table + " t").mapTo(String.class).one()));
        }
        return sums;
    }

    @Test
    void aRerunAfterKill9LeavesTheDatabaseAsAnUninterruptedRunWould() throws Exception {
        backfill(postgres.database(), arxiv.url("/api/query"));
        Map<String, String> uninterrupted = checksums();
        postgres.truncateAll();

        holdWednesday = true;
        DatabaseSettings.External database = postgres.settings();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BackfillProbe.class.getName(), database.jdbcUrl(), database.user() == null ? "" : database.user(),
                database.password() == null ? "" : database.password().reveal(), arxiv.url("/api/query").toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createFile(logs.resolve("probe.log")).toFile())
                .start();
        try {
            assertThat(wednesdayAsked.await(60, TimeUnit.SECONDS)).as("the probe reached the last date").isTrue();
        } finally {
            probe.destroyForcibly().waitFor();
        }
        assertThat(checksums()).as("killed halfway").isNotEqualTo(uninterrupted);
        holdWednesday = false;
        releaseWednesday.countDown();

        backfill(postgres.database(), arxiv.url("/api/query"));

        assertThat(checksums()).isEqualTo(uninterrupted);
    }
}
