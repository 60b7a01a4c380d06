package io.hotpapers.core.db;

import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The embedded PostgreSQL's programs for this platform as a compressed tar on the class path: the build's
 * repackaging as zstd frames ({@value #ZSTD}, which unpack several times faster than xz), else zonky's own xz
 * ({@value #XZ}, as in the test class paths), named as zonky names them ({@code postgres-linux-x86_64}, with the
 * distribution first where one has its own, {@code postgres-linux-x86_64-alpine_linux}).
 */
record PostgresBundle(String resource, URL url) {
    static final String ZSTD = ".tar.zst";
    static final String XZ = ".txz";

    /** The bundle for this machine, the zstd repackaging preferred; empty when the class path has none. */
    static Optional<PostgresBundle> find(ClassLoader loader) {
        for (String base : baseNames()) {
            for (String suffix : List.of(ZSTD, XZ)) {
                URL url = loader.getResource(base + suffix);
                if (url != null) {
                    return Optional.of(new PostgresBundle(base + suffix, url));
                }
            }
        }
        return Optional.empty();
    }

    /** zonky's names for this machine's bundle, the most specific first. */
    static List<String> baseNames() {
        String base = "postgres-" + system() + "-" + ArchUtils.normalize(System.getProperty("os.arch"));
        List<String> names = new ArrayList<>();
        if (system().equals("linux")) {
            String distribution = LinuxUtils.getDistributionName();
            if (distribution != null && !distribution.isBlank()) {
                names.add(base + "-" + distribution.toLowerCase(Locale.ROOT).replace(' ', '_'));
            }
        }
        names.add(base);
        return names;
    }

    private static String system() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        return name.startsWith("windows") ? "windows" : name.replace(' ', '_');
    }

    /** The tar inside {@code compressed}, decompressed as it is read (never held whole in memory). */
    static InputStream tar(String resource, InputStream compressed) throws IOException {
        InputStream buffered = new BufferedInputStream(compressed, 64 * 1024);
        if (resource.endsWith(ZSTD)) {
            return new ChunkedZstdInputStream(buffered);
        }
        if (resource.endsWith(XZ)) {
            return new XZCompressorInputStream(buffered);
        }
        throw new IOException("unknown PostgreSQL bundle format: " + resource);
    }
}
