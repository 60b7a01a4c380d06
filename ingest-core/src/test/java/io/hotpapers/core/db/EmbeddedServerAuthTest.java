package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Another local user cannot log into the embedded server: password only, loopback only, no socket in /tmp. */
@Timeout(180)
@Tag("security")
class EmbeddedServerAuthTest {
    @TempDir
    Path home;

    @AfterEach
    void stopOrphans() {
        EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata"))
                .flatMap(server -> ProcessHandle.of(server.pid()))
                .ifPresent(ProcessHandle::destroy);
    }

    private EmbeddedPostgresServer server() {
        return new EmbeddedPostgresServer(home, Duration.ofSeconds(60));
    }

    private String storedPassword() throws IOException {
        return new EmbeddedServerAuth(home, new PrivateBinaries(home)).require().reveal();
    }

    private static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/hotpapers", "postgres",
                password);
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void aLoginWithoutThePasswordOrWithAWrongOneIsRefused() throws Exception {
        EmbeddedPostgresServer server = server();
        int port = server.start();
        try {
            assertThatThrownBy(() -> connect(port, "").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> connect(port, "not-the-password").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/hotpapers", "intruder", "").close())
                    .isInstanceOf(SQLException.class);
            try (Connection connection = connect(port, storedPassword())) {
                assertThat(show(connection, "password_encryption")).isEqualTo("scram-sha-256");
                assertThat(show(connection, "listen_addresses")).isEqualTo("localhost");
                assertThat(show(connection, "unix_socket_directories")).as("no unix socket at all").isEmpty();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void theServerRunsFromPrivatelyUnpackedProgramsNotFromTheWorldWritableTmp() throws Exception {
        // a directory left too open (by hand, or by an older umask) is tightened before anything is unpacked there
        Files.createDirectory(home.resolve("postgres-bin"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        EmbeddedPostgresServer server = server();
        server.start();
        try {
            Path binaries = home.resolve("postgres-bin");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
            long pid = EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata")).orElseThrow().pid();
            String command = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
            assertThat(Path.of(command).toRealPath()).as("the postmaster's program")
                    .startsWith(binaries.toRealPath());
        } finally {
            server.stop();
        }
    }

    @Test
    void thePasswordFileIsPrivateAndNoSocketOrTrustLineExists() throws Exception {
        EmbeddedPostgresServer server = server();
        int port = server.start();
        try {
            Path passwordFile = home.resolve("pgpass");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(passwordFile, StandardCharsets.UTF_8))
                    .as("libpq password file format, any port")
                    .contains("localhost:*:*:postgres:" + storedPassword() + "\n");
            assertThat(Files.readString(home.resolve("postgres.log"), StandardCharsets.UTF_8))
                    .as("neither the password nor its verifier reaches the server log")
                    .doesNotContain(storedPassword()).doesNotContain("SCRAM-SHA-256$");
            assertThat(Path.of("/tmp/.s.PGSQL." + port)).as("no socket in /tmp").doesNotExist();
            try (Stream<Path> files = Files.walk(home)) {
                assertThat(files.filter(file -> file.getFileName().toString().startsWith(".s.PGSQL")).toList())
                        .as("no socket anywhere in the home").isEmpty();
            }
            List<String> hba = Files.readAllLines(home.resolve("pgdata/pg_hba.conf"), StandardCharsets.UTF_8)
                    .stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            assertThat(hba).isNotEmpty().allSatisfy(line -> {
                assertThat(line).startsWith("host").endsWith("scram-sha-256");
                assertThat(line).containsAnyOf("127.0.0.1/32", "::1/128");
            });
        } finally {
            server.stop();
        }
    }

    @Test
    void aRestartReusesThePassword() throws Exception {
        EmbeddedPostgresServer first = server();
        first.start();
        String password = storedPassword();
        first.stop();

        EmbeddedPostgresServer second = server();
        int port = second.start();
        try {
            assertThat(storedPassword()).isEqualTo(password);
            assertThat(second.password().reveal()).isEqualTo(password);
            try (Connection connection = connect(port, password)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void anOldTrustConfiguredDataDirectoryIsSecuredAndKeepsItsRows() throws Exception {
        // the way hotpapers created its data directory before: zonky's defaults, trust for everyone
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(home.resolve("pgdata"))
                .setCleanDataDirectory(false).start();
             Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE hotpapers");
            try (Connection hotpapers = old.getDatabase("postgres", "hotpapers").getConnection();
                 Statement create = hotpapers.createStatement()) {
                create.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2), (3)");
            }
        }
        assertThat(Files.readString(home.resolve("pgdata/pg_hba.conf"))).contains("trust");

        EmbeddedPostgresServer server = server();
        int port = server.start();
        try {
            try (Connection connection = connect(port, storedPassword());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(3);
            }
            assertThatThrownBy(() -> connect(port, "").close()).isInstanceOf(SQLException.class);
            assertThat(Files.readAllLines(home.resolve("pgdata/pg_hba.conf")))
                    .filteredOn(line -> !line.startsWith("#")).noneMatch(line -> line.contains("trust"));
        } finally {
            server.stop();
        }
    }

    @Test
    void aTrustServerThatAnOlderHotpapersLeftRunningIsSecuredWhenAdopted() throws Exception {
        EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(home.resolve("pgdata"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
        try (Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE hotpapers");
        }
        try (Connection hotpapers = old.getDatabase("postgres", "hotpapers").getConnection();
             Statement create = hotpapers.createStatement()) {
            create.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");
        }

        EmbeddedPostgresServer server = server();
        int port = server.start();
        try {
            assertThat(port).as("adopted, not restarted").isEqualTo(old.getPort());
            assertThatThrownBy(() -> connect(port, "").close()).isInstanceOf(SQLException.class);
            try (Connection connection = connect(port, storedPassword());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
        } finally {
            server.stop();
        }
        assertThat(EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata"))).isEmpty();
    }
}
