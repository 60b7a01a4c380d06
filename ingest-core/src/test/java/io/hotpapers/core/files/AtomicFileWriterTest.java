package io.hotpapers.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path directory;

    /** The mode the process umask gives a new file, as a user's own {@code touch} would. */
    static Set<PosixFilePermission> umaskMode(Path directory) throws IOException {
        Path reference = Files.createFile(directory.resolve("umask-reference"));
        try {
            return Files.getPosixFilePermissions(reference);
        } finally {
            Files.delete(reference);
        }
    }

    @Test
    void aWrittenFileFollowsTheUmaskLikeAnyNewFile() throws IOException {
        Set<PosixFilePermission> expected = umaskMode(directory);

        Path file = AtomicFileWriter.write(directory.resolve("digest.md"), "# Hot papers\n");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
        if (expected.equals(PosixFilePermissions.fromString("rw-r--r--"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("under the usual umask 022 a web server can read it").isEqualTo("rw-r--r--");
        }
        assertThat(Files.readString(file)).isEqualTo("# Hot papers\n");
    }

    @Test
    void aReplacedOwnerOnlyFileTakesTheUmaskModeToo() throws IOException {
        Path target = Files.writeString(directory.resolve("feed.atom"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));

        AtomicFileWriter.write(target, "new");

        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(umaskMode(directory));
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    @Tag("reliability")
    void aFailedWriteLeavesTheOldFileAndNoTemporaryBehind() throws IOException {
        Path target = Files.writeString(directory.resolve("chart.png"), "old chart");

        assertThatThrownBy(() -> AtomicFileWriter.write(target, out -> {
            out.write("half a ch".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(Files.readString(target)).isEqualTo("old chart");
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(target);
        }
    }
}
