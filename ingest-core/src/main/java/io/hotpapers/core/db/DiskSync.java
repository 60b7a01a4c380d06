package io.hotpapers.core.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes a freshly written directory tree to disk. On Linux one {@code syncfs(2)} of its file system
 * ({@code sync -f}, coreutils) writes everything in one journal commit: 0.15 s here for the unpacked PostgreSQL
 * programs, where an {@code fsync} per file took 3 s (1,050 files, one commit each). Elsewhere, or if
 * {@code sync -f} fails, every file and directory is forced one by one.
 */
final class DiskSync {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSync.class);
    private static final long SYNC_TIMEOUT_SECONDS = 120;

    private DiskSync() {
    }

    static void syncTree(Path root) throws IOException {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") && syncFileSystem(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (!Files.isSymbolicLink(path)) {
                    force(path);
                }
            }
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        force(directory);
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** {@code sync -f root}: whether it succeeded within the bound. */
    private static boolean syncFileSystem(Path root) {
        try {
            Process sync = new ProcessBuilder("sync", "-f", root.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!sync.waitFor(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                sync.destroyForcibly();
                LOG.warn("'sync -f {}' did not finish within {} s; syncing file by file", root, SYNC_TIMEOUT_SECONDS);
                return false;
            }
            if (sync.exitValue() != 0) {
                LOG.debug("'sync -f {}' exited with {}; syncing file by file", root, sync.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.debug("No 'sync -f' ({}); syncing file by file", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
