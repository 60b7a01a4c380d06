package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * The build's zstd repackaging of the PostgreSQL programs (ingest-scheduler/src/build, in this module's output)
 * holds exactly the files of zonky's xz bundle it was made from: names, types, modes, sizes, link targets, content.
 * (In this module because only its build repackages; in the package of the reader it checks.)
 */
class RepackagedBundleTest {

    @Test
    void theRepackagedBundleYieldsTheSameFilesAsZonkysOriginal() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        String base = PostgresBundle.baseNames().get(PostgresBundle.baseNames().size() - 1);
        URL repackaged = loader.getResource(base + PostgresBundle.ZSTD);
        URL original = loader.getResource(base + PostgresBundle.XZ);
        assertThat(repackaged).as("the build's " + base + PostgresBundle.ZSTD).isNotNull();
        assertThat(original).as("zonky's " + base + PostgresBundle.XZ).isNotNull();

        List<String> fromRepackaged = entries(base + PostgresBundle.ZSTD, repackaged);
        List<String> fromOriginal = entries(base + PostgresBundle.XZ, original);

        assertThat(fromRepackaged).hasSizeGreaterThan(100).containsExactlyElementsOf(fromOriginal);
        assertThat(fromRepackaged).anyMatch(entry -> entry.startsWith("bin/postgres "));
    }

    @Test
    void theBundleFoundForThisMachineIsTheRepackagedOne() {
        assertThat(PostgresBundle.find(getClass().getClassLoader())).get()
                .extracting(PostgresBundle::resource).asString().endsWith(PostgresBundle.ZSTD);
    }

    /** One line per entry: name, type, mode, size, link target and SHA-256 of the content. */
    private static List<String> entries(String resource, URL url) throws IOException, NoSuchAlgorithmException {
        List<String> entries = new ArrayList<>();
        try (InputStream raw = url.openStream();
             TarArchiveInputStream tar = new TarArchiveInputStream(PostgresBundle.tar(resource, raw))) {
            TarArchiveEntry entry;
            byte[] buffer = new byte[64 * 1024];
            while ((entry = tar.getNextEntry()) != null) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                int read;
                while ((read = tar.read(buffer)) != -1) {
                    digest.update(buffer, 0, read);
                }
                entries.add(entry.getName() + " " + (entry.isDirectory() ? "d" : entry.isSymbolicLink() ? "l" : "f")
                        + " " + Integer.toOctalString(entry.getMode()) + " " + entry.getSize() + " "
                        + entry.getLinkName() + " " + HexFormat.of().formatHex(digest.digest()));
            }
        }
        return entries;
    }
}
