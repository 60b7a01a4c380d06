package io.hotpapers.core.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded PostgreSQL's programs are unpacked: a 0700 directory in the hotpapers home, not zonky's
 * default in the world-writable {@code /tmp}, where another local user could plant a {@code postgres} binary
 * before the first start and have it run as the hotpapers user.
 *
 * <p>zonky caches the unpacked directory per resolver object for the JVM's lifetime, so each home gets its own
 * instance: one JVM that serves several homes (the tests) never runs one home's server from another's directory.
 */
final class PrivateBinaries implements PgBinaryResolver {
    static final String DIRECTORY = "postgres-bin";
    /** The file in the directory that remembers where this build's programs are unpacked. */
    static final String LOCATED = "located";

    private static final Logger LOG = LoggerFactory.getLogger(PrivateBinaries.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path directory;

    PrivateBinaries(Path home) {
        this.directory = home.resolve(DIRECTORY);
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }

    /** The directory, created owner-only; refused when it is a link or another user's, tightened when too open. */
    File directory() throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new EmbeddedServerException(directory + " is not a directory (a link?); remove it so that "
                    + "hotpapers can unpack PostgreSQL there");
        }
        if (!attributes.owner().equals(currentUser())) {
            throw new EmbeddedServerException(directory + " belongs to " + attributes.owner().getName()
                    + ", not to this user; remove it so that hotpapers can unpack PostgreSQL there");
        }
        if (!attributes.permissions().equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY);
        }
        return directory.toFile();
    }

    /** This process's user, as the owner of a file it creates (user.name need not match the uid in a container). */
    private UserPrincipal currentUser() throws IOException {
        Path probe = Files.createTempFile(directory.getParent(), ".owner", ".tmp");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.delete(probe);
        }
    }

    /**
     * Tells zonky where this build's programs were unpacked by an earlier process, so that a start does not read
     * and hash the 15 MB archive in the jar again: the {@value #LOCATED} file names the unpacked directory and the
     * build (jar path, size and time) that unpacked it; another build, or a directory gone, is unpacked as usual.
     */
    void reuseLocated() throws IOException {
        Path located = directory().toPath().resolve(LOCATED);
        if (!Files.isRegularFile(located, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> lines = Files.readAllLines(located, StandardCharsets.UTF_8);
        if (lines.size() != 2 || !lines.get(0).equals(buildIdentity())) {
            return;
        }
        Path unpacked = Path.of(lines.get(1));
        // only a directory inside this private one, never one that the file could point elsewhere
        if (unpacked.getParent() == null
                || !unpacked.getParent().equals(directory.toAbsolutePath().normalize())
                || !Files.isExecutable(unpacked.resolve("bin").resolve("postgres"))) {
            return;
        }
        zonkyCache().putIfAbsent(this, unpacked.toFile());
    }

    /** Records where the programs for this build were unpacked (see {@link #reuseLocated()}). */
    void recordLocated() throws IOException {
        File unpacked = zonkyCache().get(this);
        if (unpacked == null) {
            return;
        }
        Path located = directory().toPath().resolve(LOCATED);
        Path temporary = Files.createTempFile(directory, LOCATED, ".tmp");
        try {
            Files.writeString(temporary, buildIdentity() + "\n" + unpacked.getAbsolutePath() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(temporary, located, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The jars (or class folders) of hotpapers and zonky, with size and time: a new build is another identity. */
    static String buildIdentity() {
        StringBuilder identity = new StringBuilder();
        for (Class<?> type : new Class<?>[] {PrivateBinaries.class, EmbeddedPostgres.class}) {
            try {
                File source = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                identity.append(source.getAbsolutePath()).append('|').append(source.length()).append('|')
                        .append(source.lastModified()).append(';');
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                return "unknown";
            }
        }
        return identity.toString();
    }

    /** zonky's own map from resolver to unpacked directory, which it consults before unpacking. */
    @SuppressWarnings("unchecked")
    private static Map<PgBinaryResolver, File> zonkyCache() {
        try {
            Field cache = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            cache.setAccessible(true);
            return (Map<PgBinaryResolver, File>) cache.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new EmbeddedServerException("cannot reach the embedded PostgreSQL binaries' cache: " + e, e);
        }
    }

    /**
     * The unpacked programs (the directory holding {@code bin/}), unpacking them first if needed, and tells zonky
     * where they are (so that it never unpacks them itself).
     *
     * <p>The bundle is streamed from the jar through the decompressor to the files with small buffers (zonky reads
     * it whole into the heap first) into a private temporary directory, which is renamed into place only when
     * complete: an interrupted unpack leaves no half directory under the final name, and its leftover (named after
     * its process) is removed by the next start once that process is gone. Two processes unpacking at once each
     * write their own directory; the second rename finds the first one's and keeps it.
     */
    File prepared() throws IOException {
        reuseLocated();
        File known = zonkyCache().get(this);
        if (known != null && known.isDirectory()) {
            return known;
        }
        Path parent = directory().toPath();
        removeAbandonedUnpacks(parent);
        PostgresBundle bundle = PostgresBundle.find(PrivateBinaries.class.getClassLoader())
                .orElseThrow(() -> new EmbeddedServerException("this build carries no embedded PostgreSQL for "
                        + PostgresBundle.baseNames() + "; build on this platform, use -Pall-platforms, or set "
                        + "HOTPAPERS_DB_URL"));
        Path unpacked = BundleUnpacker.unpackInto(bundle, parent);
        // the unpack's garbage (decoder buffers, ~100 MB over the bundle) made the collector grow its young
        // generation for good; once, at a first start, the heap is collected and its free part given back
        System.gc();
        zonkyCache().put(this, unpacked.toFile());
        recordLocated();
        return unpacked.toFile();
    }

    /** Unpack directories of processes that no longer run (an interrupted first start). */
    private static void removeAbandonedUnpacks(Path parent) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, BundleUnpacker.TEMPORARY_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                if (BundleUnpacker.ownerPid(leftover).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                        .isEmpty()) {
                    LOG.info("Removing {}, left by an interrupted unpack of the PostgreSQL programs", leftover);
                    BundleUnpacker.deleteTree(leftover);
                }
            }
        }
    }
}
