package io.hotpapers.core.db;

import io.hotpapers.core.config.Secret;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's login: a random superuser password kept in a libpq password file in the home (mode 0600),
 * and a {@code pg_hba.conf} that accepts only SCRAM password logins over loopback TCP (no {@code trust}, no unix
 * socket lines).
 *
 * <p>zonky's initdb always writes a {@code trust} configuration, and an older hotpapers left data directories
 * configured that way. Both are secured before the postmaster starts (zonky's data-directory customizer runs
 * between initdb and the start): PostgreSQL in single-user mode, which opens no socket at all, sets the password,
 * then {@code pg_hba.conf} is replaced. So no trust line is ever reachable by anyone. Only a trust server that an
 * older hotpapers left running is fixed live, over the trust connection it offers anyway.
 */
final class EmbeddedServerAuth {
    /** The libpq password file ({@code PGPASSFILE}) in the home; the one place the password lives. */
    static final String PASSWORD_FILE = "pgpass";

    static final String HBA = """
            # Written by hotpapers (any other content is replaced at the next start): SCRAM password logins over
            # loopback TCP only. No trust, no unix-socket logins. The password is in $HOTPAPERS_HOME/pgpass.
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServerAuth.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Duration SINGLE_USER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);

    private final Path home;
    private final Path passwordFile;
    private final PrivateBinaries binaries;

    EmbeddedServerAuth(Path home, PrivateBinaries binaries) {
        this.home = home;
        this.binaries = binaries;
        this.passwordFile = home.resolve(PASSWORD_FILE);
    }

    Path passwordFile() {
        return passwordFile;
    }

    /** The stored password, or a new one written to the password file; only the server's owner calls this. */
    Credentials loadOrCreate() throws IOException {
        Optional<Secret> stored = read();
        if (stored.isPresent()) {
            return new Credentials(stored.get(), false);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // base64url has no ':' or '\', the two characters a password file would need escaped
        Secret password = new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        Path temporary = Files.createTempFile(home, PASSWORD_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, "# hotpapers: password of the embedded PostgreSQL's superuser (libpq"
                    + " PGPASSFILE format; keep it mode 0600)\n"
                    + "localhost:*:*:" + EmbeddedPostgresServer.SUPERUSER + ":" + password.reveal() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("Generated a password for the embedded PostgreSQL in {} (mode 0600)", passwordFile);
        return new Credentials(password, true);
    }

    /** The stored password; a file others can read is narrowed to 0600 first. */
    Optional<Secret> read() throws IOException {
        if (!Files.exists(passwordFile)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(passwordFile);
        if (!OWNER_ONLY.containsAll(permissions)) {
            LOG.warn("{} was readable by other users; set it to mode 0600", passwordFile);
            Files.setPosixFilePermissions(passwordFile, OWNER_ONLY);
        }
        for (String line : Files.readAllLines(passwordFile, StandardCharsets.UTF_8)) {
            String[] fields = line.split(":", 5);
            if (!line.startsWith("#") && fields.length == 5 && fields[3].equals(EmbeddedPostgresServer.SUPERUSER)
                    && !fields[4].isEmpty()) {
                return Optional.of(new Secret(fields[4]));
            }
        }
        throw new EmbeddedServerException(passwordFile + " holds no password line for user "
                + EmbeddedPostgresServer.SUPERUSER + "; delete the file and a new password is set at the next start");
    }

    /** The stored password, which the process that started the server wrote before starting it. */
    Secret require() throws IOException {
        return read().orElseThrow(() -> new EmbeddedServerException("the embedded PostgreSQL in " + home
                + " runs but " + passwordFile + " is missing; stop every hotpapers process and start again"));
    }

    static boolean hbaCurrent(Path dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve("pg_hba.conf"), StandardCharsets.UTF_8).equals(HBA);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Secures a data directory whose server is not running: sets the password in single-user mode when it is new
     * or the directory is still trust-configured (as zonky's initdb, {@code initialized}, or an older hotpapers
     * left it), then writes {@code pg_hba.conf}.
     */
    void secureStopped(Path dataDirectory, Credentials credentials, boolean initialized) throws IOException {
        boolean trusting = !hbaCurrent(dataDirectory);
        if (credentials.created() || trusting) {
            setPasswordSingleUser(dataDirectory, credentials.password());
            if (trusting && !initialized) {
                LOG.info("Secured the embedded PostgreSQL in {}: password logins only (was: trust)", dataDirectory);
            }
        }
        writeHba(dataDirectory);
    }

    /** Secures a running server that an older hotpapers started with trust, over the trust login it still offers. */
    void secureRunning(Path dataDirectory, int port, Credentials credentials) {
        if (hbaCurrent(dataDirectory) && !credentials.created()) {
            return;
        }
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection connection = connectEitherWay(url, credentials.password());
             Statement statement = connection.createStatement()) {
            statement.execute(alterRole(credentials.password()));
            Timestamp loaded = configurationLoadTime(connection);
            writeHba(dataDirectory);
            statement.execute("SELECT pg_reload_conf()");
            awaitReload(url, credentials.password(), loaded);
            LOG.info("Secured the running embedded PostgreSQL in {}: password logins only", dataDirectory);
        } catch (SQLException | IOException e) {
            throw new EmbeddedServerException("cannot secure the running embedded PostgreSQL in " + dataDirectory
                    + " (" + e.getMessage() + "); stop it (hotpapers db stop) and start again", e);
        }
    }

    private static Timestamp configurationLoadTime(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_conf_load_time()")) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    /** pg_reload_conf() only signals the postmaster; new logins see the new pg_hba.conf once it has reloaded. */
    private static void awaitReload(String url, Secret password, Timestamp before) throws SQLException {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (true) {
            try (Connection fresh = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER,
                    password.reveal())) {
                if (configurationLoadTime(fresh).after(before)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("the server did not reload pg_hba.conf within " + RELOAD_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the server to reload pg_hba.conf", e);
            }
        }
    }

    private static Connection connectEitherWay(String url, Secret password) throws SQLException {
        try {
            return DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, password.reveal());
        } catch (SQLException withPassword) {
            // a server left running by an older hotpapers trusts everyone; this is the last time it does
            return DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "");
        }
    }

    /** The SCRAM verifier, not the password, travels to the server, so not even its statement log could leak it. */
    private static String alterRole(Secret password) {
        return "ALTER ROLE " + EmbeddedPostgresServer.SUPERUSER + " PASSWORD '"
                + PasswordUtil.encodeScramSha256(password.reveal().toCharArray()) + "'";
    }

    private static void writeHba(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        Path temporary = Files.createTempFile(dataDirectory, "pg_hba", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, HBA, StandardCharsets.UTF_8);
            Files.move(temporary, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void setPasswordSingleUser(Path dataDirectory, Secret password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
        }
        command.add(binaries.prepared().toPath().resolve("bin").resolve("postgres").toString());
        command.addAll(List.of("--single", "-D", dataDirectory.toString(), "-c", "listen_addresses=",
                "-c", "unix_socket_directories=", "postgres"));
        Path log = home.resolve("postgres.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try (OutputStream input = process.getOutputStream()) {
            input.write((alterRole(password) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!process.waitFor(SINGLE_USER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedServerException("setting the embedded PostgreSQL's password took longer than "
                        + SINGLE_USER_TIMEOUT + "; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while setting the embedded PostgreSQL's password", e);
        }
        if (process.exitValue() != 0) {
            throw new EmbeddedServerException("cannot set the embedded PostgreSQL's password (exit "
                    + process.exitValue() + "); see " + log);
        }
    }

    /** The password and whether it was generated just now (so the server does not know it yet). */
    record Credentials(Secret password, boolean created) {
    }
}
