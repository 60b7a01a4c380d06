package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code db start|psql|stop} and the psql line of {@code status} on the embedded server of a fresh home. */
@Timeout(300)
@Tag("security")
class DbCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;
    @TempDir
    Path bin;

    private final CliRun cli = new CliRun(Path.of("/nonexistent-user-home"), "2026-11-26T12:00:00Z");

    @AfterEach
    void stopServer() {
        run(embedded(), "db", "stop");
    }

    private Map<String, String> embedded() {
        return Map.of("HOTPAPERS_HOME", home.toString(), "PATH", bin.toString());
    }

    private int run(Map<String, String> environment, String... args) {
        cli.clear();
        return cli.run(environment, args);
    }

    private boolean serverRunning() {
        return Files.exists(home.resolve("pgdata/postmaster.pid"));
    }

    /** A stand-in psql that records how it was called. */
    private Path fakePsql() throws Exception {
        Path psql = bin.resolve("psql");
        Files.writeString(psql, """
                #!/bin/sh
                printf '%s\\n' "PGPASSFILE=$PGPASSFILE" "$@" > "$(dirname "$0")/psql.args"
                exit 3
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(psql, PosixFilePermissions.fromString("rwx------"));
        return bin.resolve("psql.args");
    }

    @Test
    void psqlWithoutAClientInstalledIsAUsageError() {
        assertThat(run(embedded(), "db", "psql")).isEqualTo(Cli.USAGE);
        assertThat(cli.firstErrorLine()).contains("psql is not installed (not found on PATH)");
        assertThat(serverRunning()).as("nothing started").isFalse();
    }

    @Test
    void theServerCommandsRefuseAnExternalDatabase() {
        Map<String, String> external = new HashMap<>(postgres.environment());
        external.put("HOTPAPERS_HOME", home.toString());
        assertThat(run(external, "db", "start")).isEqualTo(Cli.USAGE);
        assertThat(cli.firstErrorLine()).contains("works with the embedded PostgreSQL only");
        assertThat(run(external, "db", "stop")).isEqualTo(Cli.USAGE);
    }

    @Test
    void startKeepsTheServerUpForPsqlAndStopEndsIt() throws Exception {
        Path recorded = fakePsql();

        assertThat(run(embedded(), "db", "start")).isEqualTo(Cli.OK);
        String startOutput = cli.out.toString();
        assertThat(serverRunning()).as("still up after 'db start' exited").isTrue();
        assertThat(startOutput).containsPattern("connect     PGPASSFILE=" + home.resolve("pgpass")
                + " psql -h localhost -p \\d+ -U postgres hotpapers");
        String port = startOutput.replaceAll("(?s).*-p (\\d+).*", "$1");

        assertThat(run(embedded(), "status")).isEqualTo(Cli.OK);
        assertThat(cli.out.toString()).contains("psql        PGPASSFILE=" + home.resolve("pgpass")
                + " psql -h localhost -p " + port + " -U postgres hotpapers");

        assertThat(run(embedded(), "db", "psql", "--", "-c", "SELECT 1")).as("psql's own exit code").isEqualTo(3);
        assertThat(Files.readAllLines(recorded)).containsExactly("PGPASSFILE=" + home.resolve("pgpass"),
                "-h", "localhost", "-p", port, "-U", "postgres", "hotpapers", "-c", "SELECT 1");
        assertThat(serverRunning()).as("psql does not end the kept server").isTrue();

        String password = Files.readAllLines(home.resolve("pgpass")).stream()
                .filter(line -> !line.startsWith("#")).findFirst().orElseThrow().split(":", 5)[4];
        assertThat(startOutput + cli.out + cli.err).doesNotContain(password);

        assertThat(run(embedded(), "db", "stop")).isEqualTo(Cli.OK);
        assertThat(cli.out.toString()).startsWith("stopped the embedded PostgreSQL");
        assertThat(serverRunning()).isFalse();
        assertThat(run(embedded(), "db", "stop")).isEqualTo(Cli.OK);
        assertThat(cli.out.toString()).contains("was not running");
        assertThat(List.of(startOutput)).noneMatch(text -> text.contains("trust"));
    }
}
