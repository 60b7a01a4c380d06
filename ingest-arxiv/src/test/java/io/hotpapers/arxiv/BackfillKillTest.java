package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
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
    /** Where Wednesday's window ends, as the API range of a query reaching it ends. */
    private static final String WEDNESDAY_WINDOW_END = "202105111759]";
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
        // two papers in each of the windows of Monday, Tuesday and Wednesday
        List<AtomBodies.Entry> held = new ArrayList<>();
        for (String day : List.of("06", "07", "10")) {
            String published = "2021-05-" + day + "T19:00:00Z";
            held.add(AtomBodies.entry("2105.1" + day + "01", 1, published, published, "cs.LG"));
            held.add(AtomBodies.entry("2105.1" + day + "02", 1, published, published, "stat.ML", "cs.LG"));
        }
        RangeArxivApi api = new RangeArxivApi(held);
        api.onRequest = (range, start) -> {
            if (holdWednesday && range.endsWith(WEDNESDAY_WINDOW_END)) {
                wednesdayAsked.countDown();
                try {
                    releaseWednesday.await(); // the probe is killed while it waits for this answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        arxiv.setDispatcher(api);
        arxiv.start();
    }

    @AfterEach
    void stop() {
        releaseWednesday.countDown();
        arxiv.close();
    }

    static void backfill(Database database, HttpUrl api) {
        BackfillProbe.run(database, api, LocalDate.parse("2021-05-10"), LocalDate.parse("2021-05-12"));
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

        // Monday done by an earlier run: the probe's one query covers Tuesday and Wednesday, killed in flight
        BackfillProbe.run(postgres.database(), arxiv.url("/api/query"), LocalDate.parse("2021-05-10"),
                LocalDate.parse("2021-05-10"));
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
