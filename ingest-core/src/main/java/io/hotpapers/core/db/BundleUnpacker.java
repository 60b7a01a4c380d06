package io.hotpapers.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a {@link PostgresBundle} into {@code PG-<digest of the bundle>} beside a private temporary directory,
 * streaming (bounded buffers, nothing held whole), and renames it into place only once every file is written and
 * flushed to disk.
 */
final class BundleUnpacker {
    /** Temporary directories are named {@code .unpack-<pid>-<random>}, so a later start can tell abandoned ones. */
    static final String TEMPORARY_PREFIX = ".unpack-";

    /** The marker of a complete directory, the same as zonky's. */
    static final String COMPLETE = ".exists";

    private static final Logger LOG = LoggerFactory.getLogger(BundleUnpacker.class);
    private static final int BUFFER = 64 * 1024;

    private BundleUnpacker() {
    }

    /** Unpacks the bundle into {@code parent} (unless an identical bundle is there already); returns its directory. */
    static Path unpackInto(PostgresBundle bundle, Path parent) throws IOException {
        long started = System.nanoTime();
        long cpuStarted = threadCpuNanos();
        Path temporary = Files.createTempDirectory(parent, TEMPORARY_PREFIX + ProcessHandle.current().pid() + "-");
        try {
            MessageDigest digest = md5();
            try (InputStream raw = bundle.url().openStream();
                 DigestInputStream digested = new DigestInputStream(raw, digest);
                 TarArchiveInputStream tar = new TarArchiveInputStream(PostgresBundle.tar(bundle.resource(), digested),
                         BUFFER, 512)) {
                extract(tar, temporary);
                digested.transferTo(OutputStream.nullOutputStream()); // the end of the compressed stream counts too
            }
            Path target = parent.resolve("PG-" + HexFormat.of().formatHex(digest.digest()));
            Path placed = place(temporary, target);
            LOG.info("Unpacked the PostgreSQL programs ({}) to {} in {} ms (CPU {} ms)", bundle.resource(), placed,
                    (System.nanoTime() - started) / 1_000_000, (threadCpuNanos() - cpuStarted) / 1_000_000);
            return placed;
        } finally {
            if (Files.exists(temporary)) {
                deleteTree(temporary);
            }
        }
    }

    /** Moves the complete temporary directory to {@code target}; a directory already there (a concurrent unpack of
     * the same bundle, or an earlier one) is kept. */
    private static Path place(Path temporary, Path target) throws IOException {
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        if (Files.exists(target)) {
            deleteTree(target); // without the marker: half of an unpack by zonky (older hotpapers used its names)
        }
        Files.createFile(temporary.resolve(COMPLETE));
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            LOG.debug("Another process placed {} first", target);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temporary + " to " + target + " atomically", e);
        }
        DiskSync.syncDirectory(target.getParent());
        return target;
    }

    private static void extract(TarArchiveInputStream tar, Path root) throws IOException {
        byte[] buffer = new byte[BUFFER];
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path path = root.resolve(entry.getName()).normalize();
            if (!path.startsWith(root) || path.equals(root)) {
                throw new IOException("PostgreSQL bundle entry outside its directory: " + entry.getName());
            }
            Files.createDirectories(path.getParent());
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else if (entry.isSymbolicLink()) {
                Path link = Path.of(entry.getLinkName());
                if (link.isAbsolute() || !path.getParent().resolve(link).normalize().startsWith(root)) {
                    throw new IOException("PostgreSQL bundle link outside its directory: " + entry.getName());
                }
                Files.createSymbolicLink(path, link);
            } else if (entry.isFile()) {
                writeFile(tar, path, entry.getMode(), buffer);
            } else {
                throw new IOException("unexpected entry in the PostgreSQL bundle: " + entry.getName());
            }
        }
        // the rename must never publish files that a crash could leave empty
        long syncStarted = System.nanoTime();
        DiskSync.syncTree(root);
        LOG.debug("Flushed the unpacked PostgreSQL programs to disk in {} ms", (System.nanoTime() - syncStarted) / 1_000_000);
    }

    /** Writes one file (flushed to disk with the others once all are written, see {@link DiskSync}). */
    private static void writeFile(InputStream content, Path path, int mode, byte[] buffer) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            int read;
            while ((read = content.read(buffer)) != -1) {
                out.write(buffer, 0, read);
            }
        }
        Files.setPosixFilePermissions(path, permissions(mode));
    }

    /** The owner's bits of the entry's mode, as owner-only permissions (the parent directory is 0700 anyway). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return permissions;
    }

    /** The pid in a temporary directory's name, if it has one. */
    static Optional<Long> ownerPid(Path temporary) {
        String rest = temporary.getFileName().toString().substring(TEMPORARY_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return Optional.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // a name for the content, as zonky's; not a security check
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
