package io.hotpapers.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external PostgreSQL goes away under the daemon: retried with backoff, and given up on after the set time. */
@Tag("reliability")
class DatabaseWatchdogTest {
    @TempDir
    Path dataDirectory;

    private final MutableClock clock = MutableClock.at("2021-05-12T10:00:00Z");
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger gaveUp = new AtomicInteger();
    private int port;
    private EmbeddedPostgres server;
    private Database database;

    private EmbeddedPostgres server() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    @BeforeEach
    void startDatabase() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = server();
        database = new Database(new DatabaseSettings.External(server.getJdbcUrl("postgres", "postgres"), "postgres",
                null));
        database.start();
    }

    @AfterEach
    void stopDatabase() throws IOException {
        database.stop();
        server.close();
    }

    private DatabaseWatchdog watchdog(Duration exitAfter) {
        return new DatabaseWatchdog(database, exitAfter, clock, sleeper, registry, text -> text,
                gaveUp::incrementAndGet);
    }

    private HealthReport health(DatabaseWatchdog watchdog) {
        return new HealthReport(watchdog.databaseUp(), watchdog.downSince().orElse(null),
                watchdog.lastError().orElse(null), true, List.of());
    }

    @Test
    void aDatabaseThatStaysDownMakesTheDaemonGiveUpAfterTheConfiguredTime() throws IOException {
        DatabaseWatchdog watchdog = watchdog(Duration.ofMinutes(2));
        assertThat(watchdog.check()).contains(DatabaseWatchdog.HEALTHY_INTERVAL);
        server.close();
        Instant down = clock.instant();

        watchdog.run(); // returns once it gives up; the fake sleeper moves the clock instead of waiting

        assertThat(gaveUp).hasValue(1);
        assertThat(Duration.between(down, clock.instant())).as("gave up after the configured two minutes, not before")
                .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plus(DatabaseWatchdog.MAX_RETRY));
        assertThat(sleeper.waits()).as("backoff grows to its ceiling")
                .startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(DatabaseWatchdog.MAX_RETRY));
        HealthReport report = health(watchdog);
        assertThat(report.status()).isEqualTo("down");
        assertThat(report.httpStatus()).isEqualTo(503);
        assertThat(report.databaseDownSince()).isEqualTo(down);
        assertThat(report.databaseError()).startsWith("cannot reach jdbc:postgresql://localhost:" + port);
        assertThat(registry.scrape()).contains("hotpapers_database_up 0.0");
    }

    @Test
    void aDatabaseBackWithinTheTimeIsUpAgainAndNothingExits() throws IOException {
        DatabaseWatchdog watchdog = watchdog(Duration.ofMinutes(10));
        server.close();

        Optional<Duration> first = watchdog.check();
        clock.advance(first.orElseThrow());
        Optional<Duration> second = watchdog.check();
        assertThat(health(watchdog).status()).isEqualTo("down");
        server = server(); // the operator brings the external server back
        clock.advance(second.orElseThrow());
        Optional<Duration> afterwards = watchdog.check();

        assertThat(first).contains(Duration.ofSeconds(1));
        assertThat(second).contains(Duration.ofSeconds(2));
        assertThat(afterwards).contains(DatabaseWatchdog.HEALTHY_INTERVAL);
        assertThat(health(watchdog).status()).isEqualTo("up");
        assertThat(watchdog.downSince()).isEmpty();
        assertThat(gaveUp).hasValue(0);
        assertThat(registry.scrape()).contains("hotpapers_database_up 1.0")
                .as("an external server is never restarted by hotpapers").contains("hotpapers_database_restarts_total 0.0");
    }
}
