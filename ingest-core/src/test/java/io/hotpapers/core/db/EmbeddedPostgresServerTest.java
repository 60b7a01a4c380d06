package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server shared by several hotpapers processes on one home: start, share, hand over, recover. */
@Timeout(180)
@Tag("reliability")
class EmbeddedPostgresServerTest {
    @TempDir
    Path home;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildrenAndOrphans() {
        children.forEach(Process::destroyForcibly);
        EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata"))
                .flatMap(server -> ProcessHandle.of(server.pid()))
                .ifPresent(ProcessHandle::destroy);
    }

    private EmbeddedPostgresServer server() {
        return new EmbeddedPostgresServer(home, Duration.ofSeconds(60));
    }

    private boolean serverRunning() {
        return EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata")).isPresent();
    }

    private void execute(int port, String sql) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(int port, String table) throws SQLException {
        try (Connection connection = connect(port); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect(int port) throws SQLException {
        try {
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/hotpapers", "postgres",
                    new EmbeddedServerAuth(home, new PrivateBinaries(home)).require().reveal());
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    /** Another JVM on the same home; returns once it has joined the server. */
    private Probe startProbe() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedServerProbe.class.getName(), home.toString())
                .redirectError(home.resolve("probe-" + children.size() + ".log").toFile())
                .start();
        children.add(process);
        Probe probe = new Probe(process);
        String ready = probe.readLine();
        assertThat(ready).as("probe output").startsWith("READY ");
        String[] fields = ready.split(" ");
        probe.port = Integer.parseInt(fields[1]);
        probe.owner = Boolean.parseBoolean(fields[2]);
        return probe;
    }

    private static final class Probe {
        final Process process;
        final BufferedReader output;
        int port;
        boolean owner;

        Probe(Process process) {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String readLine() throws IOException {
            return output.readLine();
        }

        void stop() throws IOException, InterruptedException {
            Writer input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            input.write("stop\n");
            input.flush();
            assertThat(readLine()).isEqualTo("STOPPED");
            process.waitFor();
        }
    }

    @Test
    void dataSurvivesARestartAndTheServerStopsWithItsLastUser() throws Exception {
        EmbeddedPostgresServer first = server();
        int port = first.start();
        execute(port, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2)");
        try (Connection connection = connect(port); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW listen_addresses")) {
            rows.next();
            assertThat(rows.getString(1)).as("reachable from this machine only").isEqualTo("localhost");
        }
        first.stop();
        assertThat(serverRunning()).isFalse();

        EmbeddedPostgresServer second = server();
        int newPort = second.start();
        try {
            assertThat(count(newPort, "kept")).isEqualTo(2);
        } finally {
            second.stop();
        }
        assertThat(serverRunning()).isFalse();
    }

    @Test
    void aSecondProcessConnectsToTheRunningServerInsteadOfStartingAnother() throws Exception {
        EmbeddedPostgresServer owner = server();
        int port = owner.start();
        execute(port, "CREATE TABLE shared (id int)");

        Probe second = startProbe();
        assertThat(second.owner).isFalse();
        assertThat(second.port).isEqualTo(port);
        second.stop();

        assertThat(serverRunning()).as("the owner still uses the server").isTrue();
        assertThat(count(port, "shared")).isZero();
        owner.stop();
        assertThat(serverRunning()).isFalse();
    }

    @Test
    void whenTheStartingProcessLeavesFirstTheServerStaysUpForTheOthers() throws Exception {
        Probe starter = startProbe();
        assertThat(starter.owner).isTrue();
        EmbeddedPostgresServer late = server();
        int port = late.start();
        assertThat(port).isEqualTo(starter.port);

        starter.stop();

        assertThat(serverRunning()).isTrue();
        execute(port, "CREATE TABLE still_here (id int)");
        late.stop();
        assertThat(serverRunning()).as("the last one out stops the server").isFalse();
    }

    @Test
    void aKilledOwnerLeavesNoStaleLockAndItsServerIsAdopted() throws Exception {
        Probe killed = startProbe();
        execute(killed.port, "CREATE TABLE survived (id int); INSERT INTO survived VALUES (7)");
        killed.process.destroyForcibly().waitFor();

        EmbeddedPostgresServer next = server();
        int port = next.start();

        assertThat(next.isOwner()).isTrue();
        assertThat(port).isEqualTo(killed.port);
        assertThat(count(port, "survived")).isEqualTo(1);
        next.stop();
        assertThat(serverRunning()).isFalse();
    }

    @Test
    void aKeptServerOutlivesItsUsersAndDbStopLeavesItToAProcessStillUsingIt() throws Exception {
        EmbeddedPostgresServer starter = server();
        starter.start();
        starter.keepRunning();
        starter.stop();
        assertThat(serverRunning()).as("kept running after its last user left").isTrue();

        Probe user = startProbe();
        assertThat(server().stopUnlessUsed()).isEqualTo(EmbeddedPostgresServer.StopOutcome.IN_USE);
        assertThat(serverRunning()).as("not stopped under a user").isTrue();
        user.stop();
        assertThat(serverRunning()).as("no longer kept: its last user stopped it").isFalse();
        assertThat(server().stopUnlessUsed()).isEqualTo(EmbeddedPostgresServer.StopOutcome.NOT_RUNNING);
    }

    @Test
    void dbStopStopsAKeptServerNobodyUses() throws Exception {
        EmbeddedPostgresServer starter = server();
        starter.start();
        starter.keepRunning();
        starter.stop();

        assertThat(server().stopUnlessUsed()).isEqualTo(EmbeddedPostgresServer.StopOutcome.STOPPED);
        assertThat(serverRunning()).isFalse();
    }
}
