package io.hotpapers.core.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

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
     * The unpacked programs (the directory holding {@code bin/}), unpacking them first if needed. zonky keeps its
     * preparation private, so it is called by reflection; the embedded-server tests fail if a release changes it.
     */
    File prepared() throws IOException {
        File parent = directory();
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
                    File.class);
            prepare.setAccessible(true);
            return (File) prepare.invoke(null, this, parent);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new EmbeddedServerException("cannot locate the embedded PostgreSQL binaries: " + e, e);
        }
    }
}
