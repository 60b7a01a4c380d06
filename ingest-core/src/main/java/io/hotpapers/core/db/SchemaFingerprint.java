package io.hotpapers.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A SHA-256 over the names and bytes of the migration files this build ships. Stored in the database after a
 * migration, it lets a later process of the same build see in one query that nothing is left to migrate, without
 * starting Flyway (whose classpath scan and validation cost a short command about 0.4 s).
 */
final class SchemaFingerprint {
    private static final String FOLDER = "db/migration";

    private SchemaFingerprint() {
    }

    /** The fingerprint of the migrations on the class path of the given loader. */
    static String of(ClassLoader loader) {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(FOLDER);
            while (roots.hasMoreElements()) {
                read(roots.nextElement(), files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no migrations on the class path under " + FOLDER);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void read(URL root, Map<String, byte[]> files) throws IOException {
        if ("jar".equals(root.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.isDirectory() && entry.getName().startsWith(FOLDER + "/")
                            && entry.getName().endsWith(".sql")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(entry.getName().substring(FOLDER.length() + 1), in.readAllBytes());
                        }
                    }
                }
            }
        } else if ("file".equals(root.getProtocol())) {
            Path folder;
            try {
                folder = Path.of(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad migration folder " + root, e);
            }
            try (Stream<Path> paths = Files.list(folder)) {
                for (Path path : paths.filter(path -> path.getFileName().toString().endsWith(".sql")).toList()) {
                    files.put(path.getFileName().toString(), Files.readAllBytes(path));
                }
            }
        } else {
            throw new IOException("cannot list migrations at " + root);
        }
    }
}
