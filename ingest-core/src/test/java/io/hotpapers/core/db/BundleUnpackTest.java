package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first start interrupted while unpacking the PostgreSQL programs leaves nothing the next start trusts. */
class BundleUnpackTest {
    @TempDir
    Path home;

    @Test
    void theNextStartRemovesAnAbandonedUnpackAndRedoesAnIncompleteDirectory() throws Exception {
        Path unpacked = new PrivateBinaries(home).prepared().toPath();
        Path postgres = unpacked.resolve("bin").resolve("postgres");
        long size = Files.size(postgres);
        Path parent = unpacked.getParent();
        // a process killed in the middle of unpacking: its temporary directory, half written
        Path abandoned = Files.createDirectories(parent.resolve(BundleUnpacker.TEMPORARY_PREFIX + deadPid() + "-1"));
        Files.writeString(Files.createDirectories(abandoned.resolve("bin")).resolve("postgres"), "half");
        // a process still unpacking (this one): left alone
        Path running = Files.createDirectories(parent.resolve(BundleUnpacker.TEMPORARY_PREFIX
                + ProcessHandle.current().pid() + "-2"));
        // the final directory without its completion marker and with a cut file (zonky's own unpack killed)
        Files.delete(unpacked.resolve(BundleUnpacker.COMPLETE));
        Files.write(postgres, new byte[10], StandardOpenOption.TRUNCATE_EXISTING);
        Files.delete(parent.resolve(PrivateBinaries.LOCATED));

        File again = new PrivateBinaries(home).prepared();

        assertThat(again.toPath()).isEqualTo(unpacked);
        assertThat(Files.size(postgres)).isEqualTo(size);
        assertThat(Files.isExecutable(postgres)).isTrue();
        assertThat(unpacked.resolve(BundleUnpacker.COMPLETE)).exists();
        assertThat(abandoned).doesNotExist();
        assertThat(running).exists();
        assertThat(parent.resolve(PrivateBinaries.LOCATED)).exists();
    }

    @Test
    void aCompleteDirectoryIsKeptAsItIs() throws Exception {
        Path unpacked = new PrivateBinaries(home).prepared().toPath();
        Path marker = Files.writeString(unpacked.resolve("kept"), "this directory was not unpacked again");
        Files.delete(unpacked.getParent().resolve(PrivateBinaries.LOCATED)); // e.g. another build's record

        assertThat(new PrivateBinaries(home).prepared().toPath()).isEqualTo(unpacked);
        assertThat(marker).exists();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
