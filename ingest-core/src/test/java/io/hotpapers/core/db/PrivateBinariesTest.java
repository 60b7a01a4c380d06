package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked PostgreSQL programs are found again from the home's record, and only inside the home. */
class PrivateBinariesTest {
    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    @Test
    void aSecondProcessOfTheSameBuildReusesTheUnpackedDirectoryItRecorded() throws Exception {
        File unpacked = new PrivateBinaries(home).prepared();
        Path located = home.resolve(PrivateBinaries.DIRECTORY).resolve(PrivateBinaries.LOCATED);

        assertThat(Files.readAllLines(located, StandardCharsets.UTF_8))
                .containsExactly(PrivateBinaries.buildIdentity(), unpacked.getAbsolutePath());
        assertThat(new PrivateBinaries(home).prepared()).isEqualTo(unpacked);
    }

    @Test
    void aRecordPointingOutsideTheHomeOrWrittenByAnotherBuildIsIgnored() throws Exception {
        Path planted = elsewhere.resolve("PG-planted");
        Files.createDirectories(planted.resolve("bin"));
        Files.createFile(planted.resolve("bin").resolve("postgres"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        PrivateBinaries binaries = new PrivateBinaries(home);
        Path located = binaries.directory().toPath().resolve(PrivateBinaries.LOCATED);
        Files.writeString(located, PrivateBinaries.buildIdentity() + "\n" + planted + "\n", StandardCharsets.UTF_8);

        assertThat(binaries.prepared().toPath()).as("outside the home").startsWith(home);

        Path ownDirectory = home.resolve(PrivateBinaries.DIRECTORY).resolve("PG-other");
        Files.createDirectories(ownDirectory.resolve("bin"));
        Files.createFile(ownDirectory.resolve("bin").resolve("postgres"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(located, "another build\n" + ownDirectory + "\n", StandardCharsets.UTF_8);
        assertThat(new PrivateBinaries(home).prepared().toPath()).as("another build's record")
                .isNotEqualTo(ownDirectory);
    }
}
