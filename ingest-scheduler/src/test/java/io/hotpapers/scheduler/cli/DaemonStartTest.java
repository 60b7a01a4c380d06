package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.Main;
import io.hotpapers.scheduler.cluster.ClusterSchedule;
import io.hotpapers.scheduler.cluster.ScheduleConflictException;
import io.hotpapers.scheduler.cluster.ScheduleSettings;
import io.hotpapers.scheduler.jobs.DaemonJob;
import io.hotpapers.scheduler.jobs.QuartzScheduling;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;

/**
 * One schedule per cluster, and a daemon start that fails locally before it touches anything shared: a node
 * with other schedule settings refuses to start, {@code --reschedule} replaces the schedule, a taken HTTP
 * address or an unwritable path is one line and exit 2.
 */
@Tag("reliability")
class DaemonStartTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final CategoryTaxonomy TAXONOMY = CategoryTaxonomy.load();

    @TempDir
    Path home;

    private CliRun cli;
    private final MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");
    private QuartzScheduling running;

    @BeforeEach
    void setUp() {
        postgres.jdbi().useHandle(handle -> handle.execute("DELETE FROM cluster_schedule"));
        cli = new CliRun(home, "2026-11-26T12:00:00Z");
    }

    @AfterEach
    void stopNode() {
        if (running != null) {
            running.stop(Duration.ofSeconds(5));
        }
    }

    private Map<String, String> node(String discoveryInterval) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_HTTP_ADDRESS", "off");
        environment.put("HOTPAPERS_DISCOVERY_INTERVAL", discoveryInterval);
        environment.put("ARXIV_API_URL", "http://127.0.0.1:9/api/query");
        environment.put("ARXIV_RSS_URL", "http://127.0.0.1:9/rss/");
        // X on, so that its discovery:x job (whose trigger the tests read) is scheduled; nothing answers there
        environment.put("X_BEARER_TOKEN", "daemon-start-test-token");
        environment.put("X_API_URL", "http://127.0.0.1:9/");
        return environment;
    }

    private HotpapersConfig config(Map<String, String> environment) {
        return new ConfigLoader(environment, home, TAXONOMY).load();
    }

    private ClusterSchedule schedule() {
        return new ClusterSchedule(postgres.jdbi(), clock, new ObjectMapper());
    }

    /** What a daemon start does with the schedule, with jobs that do nothing. */
    private void startNode(HotpapersConfig config, boolean reschedule) throws Exception {
        if (running != null) {
            running.stop(Duration.ofSeconds(5));
        }
        boolean redefine = schedule().claim(ScheduleSettings.of(config), reschedule).redefinesTriggers();
        running = new QuartzScheduling(postgres.database().dataSource(), config.daemon(), DaemonJob.all(List.of("x")),
                (bundle, scheduler) -> (Job) context -> { });
        running.start(redefine);
    }

    private static long discoveryIntervalMillis() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT repeat_interval FROM qrtz_simple_triggers WHERE trigger_name = 'discovery:x'")
                .mapTo(Long.class).one());
    }

    private static Instant discoveryNextFire() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = 'discovery:x'")
                .mapTo(Long.class).map(Instant::ofEpochMilli).one());
    }

    @Test
    void aNodeWithAnotherDiscoveryIntervalRefusesToStartAndLeavesTheScheduleAlone() throws Exception {
        startNode(config(node("PT1H")), false);
        ClusterSchedule.Stored before = schedule().stored().orElseThrow();
        Instant nextFire = discoveryNextFire();

        int exit = cli.run(node("PT30M"), "daemon");

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(cli.err.toString().lines()).singleElement().asString()
                .startsWith("hotpapers daemon: this node's schedule differs from the cluster's: ")
                .contains("HOTPAPERS_DISCOVERY_INTERVAL: cluster has PT1H, this node PT30M")
                .contains("start with 'daemon --reschedule' to replace the cluster's schedule")
                .doesNotContain("HOTPAPERS_REFRESH_INTERVAL");
        assertThat(schedule().stored()).contains(before);
        assertThat(discoveryIntervalMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(discoveryNextFire()).isEqualTo(nextFire);
    }

    @Test
    void everyDifferingSettingIsNamedWithBothValues() {
        schedule().claim(ScheduleSettings.of(config(node("PT1H"))), false);
        Map<String, String> other = node("PT30M");
        other.put("HOTPAPERS_CATEGORIES", "cs.LG,stat.ML");
        other.put("HOTPAPERS_DIGEST_TIME", "07:30");
        other.put("ARXIV_HOLIDAYS", "2021-12-27");

        assertThatThrownBy(() -> schedule().claim(ScheduleSettings.of(config(other)), false))
                .isInstanceOfSatisfying(ScheduleConflictException.class, conflict ->
                        assertThat(conflict.differences()).extracting(ScheduleSettings.Difference::setting)
                                .containsExactlyInAnyOrder("HOTPAPERS_DIGEST_TIME", "HOTPAPERS_DISCOVERY_INTERVAL",
                                        "HOTPAPERS_CATEGORIES", "ARXIV_HOLIDAYS"))
                .hasMessageContaining("HOTPAPERS_DIGEST_TIME: cluster has 09:00, this node 07:30");
    }

    @Test
    void rescheduleReplacesTheStoredScheduleAndTheTriggersAndLogsWhatChanged() throws Exception {
        startNode(config(node("PT1H")), false);

        try (LogCapture log = LogCapture.of(ClusterSchedule.class)) {
            startNode(config(node("PT30M")), true);

            assertThat(log.lines()).singleElement().asString()
                    .startsWith("INFO Replaced the cluster's schedule (stored by ")
                    .endsWith("HOTPAPERS_DISCOVERY_INTERVAL PT1H -> PT30M");
        }
        assertThat(schedule().stored().orElseThrow().settings().values())
                .containsEntry("HOTPAPERS_DISCOVERY_INTERVAL", "PT30M");
        assertThat(discoveryIntervalMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
    }

    @Test
    @Timeout(120)
    void theDaemonCommandWithRescheduleReplacesTheClustersScheduleInItsOwnJvm() throws Exception {
        startNode(config(node("PT1H")), false);
        running.stop(Duration.ofSeconds(5));
        running = null;
        Path log = home.resolve("node.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Duser.home=" + home, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "daemon", "--reschedule")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(node("PT30M"));
        builder.environment().put("HOTPAPERS_SHUTDOWN_GRACE", "PT1S");
        Process daemon = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (discoveryIntervalMillis() != Duration.ofMinutes(30).toMillis() && daemon.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling the database for the daemon's start, not timing anything
            }
            assertThat(discoveryIntervalMillis()).as("the discovery trigger's interval, log: %s",
                    Files.exists(log) ? Files.readString(log) : "").isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(schedule().stored().orElseThrow().settings().values())
                    .containsEntry("HOTPAPERS_DISCOVERY_INTERVAL", "PT30M");
        } finally {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
            daemon.destroyForcibly().waitFor();
        }
        assertThat(Files.readString(log))
                .contains("Replaced the cluster's schedule (stored by ")
                .contains("HOTPAPERS_DISCOVERY_INTERVAL PT1H -> PT30M");
    }

    @Test
    void aNodeWithTheClustersSettingsKeepsTheClustersTriggers() throws Exception {
        startNode(config(node("PT1H")), false);
        Instant nextFire = discoveryNextFire(); // a minute after the start: a redefined trigger would move

        startNode(config(node("PT1H")), false);

        assertThat(discoveryNextFire()).as("a restart does not shift the cluster's discovery rounds")
                .isEqualTo(nextFire);
    }

    @Test
    void aTakenHttpAddressIsOneLineAndExit2BeforeTheDatabaseIsTouched() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = node("PT1H");
            environment.put("HOTPAPERS_HTTP_ADDRESS", "127.0.0.1:" + taken.getLocalPort());
            // a database that cannot be reached: touching it first would fail differently, with exit 1
            environment.put("HOTPAPERS_DB_URL", "jdbc:postgresql://127.0.0.1:9/hotpapers");

            int exit = cli.run(environment, "daemon");

            assertThat(exit).isEqualTo(Cli.USAGE);
            assertThat(cli.err.toString().lines()).singleElement().asString()
                    .startsWith("hotpapers daemon: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (")
                    .contains("set HOTPAPERS_HTTP_ADDRESS to a free HOST:PORT, or off");
        }
        assertThat(schedule().stored()).isEmpty();
    }

    @Test
    void anUnwritableDigestDirectoryIsOneLineAndExit2BeforeTheDatabaseIsTouched() throws IOException {
        Files.writeString(home.resolve("digests"), "a file where the digests directory should be");
        Map<String, String> environment = node("PT1H");
        environment.put("HOTPAPERS_DB_URL", "jdbc:postgresql://127.0.0.1:9/hotpapers");

        int exit = cli.run(environment, "daemon");

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(cli.err.toString().lines()).singleElement().asString()
                .startsWith("hotpapers daemon: cannot write to HOTPAPERS_HOME/digests (" + home.resolve("digests") + "): ");
    }
}
