package io.hotpapers.core.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the data directory of a first start with {@code initdb}, so that it either exists complete and on disk or
 * not at all: initdb writes into a temporary sibling directory with {@code --no-sync}, then {@code initdb
 * --sync-only} (PostgreSQL's documented way to "safely write all database files to disk", on Linux with one
 * {@code syncfs}) flushes it, and only then is it renamed to its final name. The crash safety is initdb's own;
 * the renaming means that a first start killed during initdb leaves no half cluster for the next start to trip
 * over (zonky would skip initdb as soon as {@code postgresql.conf} exists, and the server would not start).
 * Same options as zonky's initdb: trust for the superuser {@code postgres} until {@link EmbeddedServerAuth} sets
 * the password, UTF-8, locale C.
 */
final class ClusterInit {
    /** Temporary directories are named {@code pgdata.initdb-<pid>-<random>}, so a later start can tell abandoned ones. */
    static final String TEMPORARY_PREFIX = "pgdata.initdb-";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterInit.class);
    private static final long TIMEOUT_SECONDS = 300;

    private final Path programs;
    private final Path log;

    /** @param programs the unpacked PostgreSQL (holding {@code bin/}); @param log where initdb's output goes */
    ClusterInit(Path programs, Path log) {
        this.programs = programs;
        this.log = log;
    }

    /**
     * Creates {@code dataDirectory}. One that exists without {@code postgresql.conf} (which initdb writes before
     * any catalog, so no server ever ran on it: what zonky's initdb left when killed early) is replaced.
     */
    void create(Path dataDirectory) throws IOException {
        long started = System.nanoTime();
        Path parent = dataDirectory.toAbsolutePath().getParent();
        removeAbandoned(parent);
        if (Files.exists(dataDirectory) && !Files.exists(dataDirectory.resolve("postgresql.conf"))) {
            LOG.warn("Replacing {}: it holds no PostgreSQL cluster (no postgresql.conf), the rest of an interrupted "
                    + "initdb", dataDirectory);
            BundleUnpacker.deleteTree(dataDirectory);
        }
        Path temporary = Files.createTempDirectory(parent, TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-");
        try {
            run(List.of("-A", "trust", "-U", EmbeddedPostgresServer.SUPERUSER, "-D", temporary.toString(),
                    "-E", "UTF-8", "--locale", "C", "--no-sync", "--no-instructions"));
            long synced = System.nanoTime();
            List<String> sync = new ArrayList<>(List.of("--sync-only", "-D", temporary.toString()));
            if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")) {
                sync.add("--sync-method=syncfs");
            }
            run(sync);
            Files.move(temporary, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
            DiskSync.syncDirectory(parent);
            LOG.info("Created the PostgreSQL cluster in {} in {} ms (flushing it to disk: {} ms)", dataDirectory,
                    (System.nanoTime() - started) / 1_000_000, (System.nanoTime() - synced) / 1_000_000);
        } finally {
            if (Files.exists(temporary)) {
                BundleUnpacker.deleteTree(temporary);
            }
        }
    }

    /** Runs initdb as zonky runs it: inside a user namespace when this process is root (initdb refuses root). */
    private void run(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(programs.resolve("bin").resolve("initdb").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("initdb did not finish within " + TIMEOUT_SECONDS + " s; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while initdb ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("initdb " + arguments.get(0) + " failed with exit code " + process.exitValue()
                    + "; see " + log);
        }
    }

    /** Directories of initdb runs whose process is gone (a first start killed during initdb). */
    private static void removeAbandoned(Path parent) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, TEMPORARY_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                String rest = leftover.getFileName().toString().substring(TEMPORARY_PREFIX.length());
                int dash = rest.indexOf('-');
                boolean alive = false;
                try {
                    alive = ProcessHandle.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)))
                            .filter(ProcessHandle::isAlive).isPresent();
                } catch (NumberFormatException e) {
                    // not one of ours by its name: removed like an abandoned one, it is in hotpapers' home
                }
                if (!alive) {
                    LOG.info("Removing {}, left by an interrupted initdb", leftover);
                    BundleUnpacker.deleteTree(leftover);
                }
            }
        }
    }
}
