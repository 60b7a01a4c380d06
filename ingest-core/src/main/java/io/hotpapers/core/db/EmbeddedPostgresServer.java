package io.hotpapers.core.db;

import io.hotpapers.core.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 that lives in a hotpapers home and is shared by every hotpapers process on it.
 *
 * <p>Two OS file locks in the home coordinate the processes. Each process holds a shared lock on
 * {@code postgres.users.lock} while it uses the server. The process holding the exclusive
 * {@code postgres.owner.lock} starts the server, or adopts one that is already running on the data
 * directory (say after a {@code kill -9}: PostgreSQL outlives the JVM, and the OS drops the dead
 * process's locks, so a stale lock cannot exist). Other processes wait for the server to be ready and
 * connect to the port PostgreSQL itself records in {@code pgdata/postmaster.pid}. Whoever leaves last
 * stops the server; a process that leaves while others still use it leaves the server running for them,
 * and nobody stops it while {@code postgres.keep} exists ({@code hotpapers db start}).
 *
 * <p>Logins need the password in {@code pgpass} (see {@link EmbeddedServerAuth}); the server listens on loopback
 * TCP only and has no unix socket.
 */
final class EmbeddedPostgresServer {
    static final String DATABASE = "hotpapers";
    static final String SUPERUSER = "postgres";
    /** While this file exists in the home, the last process to leave does not stop the server. */
    static final String KEEP_FILE = "postgres.keep";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path dataDirectory;
    private final Duration startupTimeout;
    private final PrivateBinaries binaries;
    private final EmbeddedServerAuth auth;

    private FileChannel usersChannel;
    private FileChannel ownerChannel;
    private FileLock usersLock;
    private FileLock ownerLock;
    private EmbeddedPostgres startedHere;
    private int port;
    private Secret password;

    EmbeddedPostgresServer(Path home, Duration startupTimeout) {
        this.home = home;
        this.dataDirectory = home.resolve("pgdata");
        this.startupTimeout = startupTimeout;
        this.binaries = new PrivateBinaries(home);
        this.auth = new EmbeddedServerAuth(home, binaries);
    }

    /** Makes sure the server runs and the hotpapers database exists; returns the port on localhost. */
    synchronized int start() {
        try {
            Files.createDirectories(home);
            usersChannel = openLockFile("postgres.users.lock");
            ownerChannel = openLockFile("postgres.owner.lock");
            usersLock = usersChannel.lock(0, Long.MAX_VALUE, true);
            port = awaitServer();
            if (password == null) {
                password = auth.require();
            }
            ensureDatabase();
            return port;
        } catch (IOException e) {
            releaseLocks();
            throw new EmbeddedServerException("cannot start embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            releaseLocks();
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The superuser's password, for this process's own connections only. */
    Secret password() {
        return password;
    }

    /** The libpq password file that holds the password, for psql ({@code PGPASSFILE}). */
    Path passwordFile() {
        return auth.passwordFile();
    }

    /** Keeps the server running after the last hotpapers process leaves, until {@link #stopUnlessUsed()}. */
    void keepRunning() {
        try {
            Files.writeString(home.resolve(KEEP_FILE), "kept running by 'hotpapers db start'\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot write " + home.resolve(KEEP_FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends {@link #keepRunning()} and stops the server unless a hotpapers process still uses it (that process then
     * stops it when it leaves). Call on an instance that was not started.
     */
    synchronized StopOutcome stopUnlessUsed() {
        try {
            Files.createDirectories(home);
            Files.deleteIfExists(home.resolve(KEEP_FILE));
            usersChannel = openLockFile("postgres.users.lock");
            ownerChannel = openLockFile("postgres.owner.lock");
            ownerLock = ownerChannel.tryLock();
            if (ownerLock == null) {
                return StopOutcome.IN_USE;
            }
            try (FileLock everyone = usersChannel.tryLock()) {
                if (everyone == null) {
                    return StopOutcome.IN_USE;
                }
                if (RunningServer.find(dataDirectory).isEmpty()) {
                    return StopOutcome.NOT_RUNNING;
                }
                shutDownServer();
                return StopOutcome.STOPPED;
            }
        } catch (OverlappingFileLockException e) {
            return StopOutcome.IN_USE; // this very JVM uses the server
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot stop embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        } finally {
            releaseLocks();
        }
    }

    /** What {@link #stopUnlessUsed()} did. */
    enum StopOutcome { STOPPED, NOT_RUNNING, IN_USE }

    int port() {
        return port;
    }

    /** Whether this process manages the server (started or adopted it), rather than borrowing it. */
    synchronized boolean isOwner() {
        return ownerLock != null;
    }

    /** Leaves the server: stops it when no other hotpapers process uses it. Close pools before calling. */
    synchronized void stop() {
        if (usersLock == null) {
            return;
        }
        try {
            usersLock.release();
            usersLock = null;
            if (ownerLock == null) {
                ownerLock = ownerChannel.tryLock();
            }
            if (ownerLock != null) {
                stopIfUnused();
            }
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot release the locks in " + home + ": " + e.getMessage(), e);
        } finally {
            releaseLocks();
        }
    }

    /**
     * Brings back a server that died under this process (a crash, a {@code kill}): restarts it on the same port, so
     * that connection pools keep working, unless another live hotpapers process owns it (that one restarts it).
     * Returns whether it restarted the server (a server that still runs is left alone: {@code false}).
     */
    synchronized boolean restartIfDown() {
        if (usersLock == null) {
            return false; // not started, or already left
        }
        if (RunningServer.find(dataDirectory).isPresent()) {
            return false;
        }
        try {
            if (ownerLock == null) {
                ownerLock = ownerChannel.tryLock();
            }
            if (ownerLock == null) {
                return false;
            }
            LOG.warn("Embedded PostgreSQL in {} is gone; restarting it on port {}", dataDirectory, port);
            releaseDeadServer();
            return startOrAdopt() == port;
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot restart embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Frees zonky's hold on the data directory of a server that is no longer running. */
    private void releaseDeadServer() {
        if (startedHere == null) {
            return;
        }
        try {
            // zonky logs an ERROR as its pg_ctl stop fails on a dead server; what matters is the released lock
            startedHere.close();
        } catch (IOException e) {
            LOG.debug("Releasing the dead embedded PostgreSQL: {}", e.toString());
        }
        startedHere = null;
    }

    private int awaitServer() throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            ownerLock = ownerChannel.tryLock();
            if (ownerLock != null) {
                return startOrAdopt();
            }
            Optional<RunningServer> running = RunningServer.find(dataDirectory).filter(RunningServer::ready);
            if (running.isPresent()) {
                LOG.debug("Using the embedded PostgreSQL of another hotpapers process on port {}", running.get().port());
                return running.get().port();
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServerException("another hotpapers process holds " + home
                        + " but its embedded PostgreSQL did not become ready within " + startupTimeout
                        + "; see " + home.resolve("postgres.log"));
            }
            pause();
        }
    }

    private int startOrAdopt() throws IOException {
        EmbeddedServerAuth.Credentials credentials = auth.loadOrCreate();
        password = credentials.password();
        Optional<RunningServer> running = RunningServer.find(dataDirectory);
        if (running.isPresent() && !running.get().ready()) {
            awaitReadyOrGone(running.get());
            running = RunningServer.find(dataDirectory);
        }
        if (running.isPresent() && running.get().ready()) {
            LOG.info("Adopted the embedded PostgreSQL left running in {} (pid {}, port {})",
                    dataDirectory, running.get().pid(), running.get().port());
            auth.secureRunning(dataDirectory, running.get().port(), credentials);
            return running.get().port();
        }
        LOG.debug("Starting embedded PostgreSQL in {}", dataDirectory);
        Path log = home.resolve("postgres.log");
        boolean initialized = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        Path programs = binaries.prepared().toPath(); // unpacked by hotpapers; zonky finds them in its cache
        if (initialized) {
            // zonky's initdb would write into pgdata directly; ours appears there only complete (zonky skips its own)
            new ClusterInit(programs, log).create(dataDirectory);
        }
        startedHere = EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.directory())
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "localhost")
                // no unix socket: zonky's default would be a 0777 socket in /tmp; loopback TCP is enough
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                // runs after zonky's initdb (which always writes trust) and before the postmaster starts
                .setDataDirectoryCustomizer(directory -> secure(directory.toPath(), credentials, initialized))
                // zonky's readiness check logs in like everyone else
                .setConnectConfig("password", password.reveal())
                // zonky tunes for throwaway test databases; this one keeps the user's data.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                // a file, not a pipe: the server may outlive this JVM (see the class comment)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setPGStartupWait(startupTimeout)
                .setPort(port) // 0 at first start (any free port); the old port at a restart, pools keep their URL
                .start();
        return startedHere.getPort();
    }

    private void secure(Path directory, EmbeddedServerAuth.Credentials credentials, boolean initialized) {
        try {
            auth.secureStopped(directory, credentials, initialized);
        } catch (IOException e) {
            throw new EmbeddedServerException("cannot secure " + directory + ": " + e.getMessage(), e);
        }
    }

    /** A server that is starting up or shutting down is waited for, never started twice. */
    private void awaitReadyOrGone(RunningServer server) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            Optional<RunningServer> now = RunningServer.find(dataDirectory);
            if (now.isEmpty() || now.get().pid() != server.pid() || now.get().ready()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServerException("PostgreSQL (pid " + server.pid() + ") in " + dataDirectory
                        + " neither became ready nor exited within " + startupTimeout);
            }
            pause();
        }
    }

    private void stopIfUnused() throws IOException {
        try (FileLock everyone = usersChannel.tryLock()) {
            if (everyone == null) {
                LOG.debug("Leaving embedded PostgreSQL running: other hotpapers processes still use it");
                return;
            }
            if (Files.exists(home.resolve(KEEP_FILE))) {
                LOG.debug("Leaving embedded PostgreSQL running: kept by 'hotpapers db start'");
                return;
            }
            shutDownServer();
        }
    }

    private void shutDownServer() throws IOException {
        if (startedHere != null) {
            startedHere.close();
            startedHere = null;
            LOG.debug("Stopped embedded PostgreSQL");
            return;
        }
        Optional<RunningServer> running = RunningServer.find(dataDirectory);
        if (running.isEmpty()) {
            return;
        }
        // Adopted server: SIGTERM is PostgreSQL's "smart" shutdown, which finishes cleanly.
        Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid());
        if (process.isPresent()) {
            process.get().destroy();
            try {
                process.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.debug("Stopped embedded PostgreSQL (pid {})", running.get().pid());
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                throw new EmbeddedServerException("embedded PostgreSQL (pid " + running.get().pid()
                        + ") did not stop within " + STOP_TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedServerException("interrupted while stopping embedded PostgreSQL", e);
            }
        }
    }

    private void ensureDatabase() {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, SUPERUSER, password.reveal());
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
                LOG.info("Created database {} in embedded PostgreSQL", DATABASE);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a concurrent process made it
                throw new EmbeddedServerException("cannot create database " + DATABASE + " in embedded PostgreSQL: "
                        + e.getMessage(), e);
            }
        }
    }

    private FileChannel openLockFile(String name) throws IOException {
        return FileChannel.open(home.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private void releaseLocks() {
        for (AutoCloseable closeable : new AutoCloseable[] {usersLock, ownerLock, usersChannel, ownerChannel}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Could not release a lock in {}: {}", home, e.toString());
                }
            }
        }
        usersLock = null;
        ownerLock = null;
        usersChannel = null;
        ownerChannel = null;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while waiting for embedded PostgreSQL", e);
        }
    }

    /** A live PostgreSQL on the data directory, as told by its {@code postmaster.pid} and checked against the OS. */
    record RunningServer(long pid, int port, String status) {

        boolean ready() {
            return status.equals("ready") && accepts(port);
        }

        static Optional<RunningServer> find(Path dataDirectory) {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            List<String> lines;
            try {
                lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (lines.size() < 4) {
                return Optional.empty(); // being written or truncated: not a usable server yet
            }
            try {
                long pid = Long.parseLong(lines.get(0).strip());
                int port = Integer.parseInt(lines.get(3).strip());
                String status = lines.size() > 7 ? lines.get(7).strip() : "";
                return isPostgres(pid) ? Optional.of(new RunningServer(pid, port, status)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** A pid file outliving its server (a crash, a reboot) may name a dead or reused pid. */
        private static boolean isPostgres(long pid) {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(process -> process.info().command().map(command -> command.contains("postgres")).orElse(true))
                    .orElse(false);
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
