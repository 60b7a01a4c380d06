package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A first start killed during initdb (or during zonky's own, by an older hotpapers) does not block the next. */
@Timeout(180)
@Tag("reliability")
class InterruptedFirstStartTest {
    @TempDir
    Path home;

    private Database database;

    @AfterEach
    void stop() {
        if (database != null) {
            database.stop();
        }
    }

    @Test
    void theNextStartRemovesTheHalfClusterAndCreatesAWholeOne() throws Exception {
        // ours: initdb's temporary directory, its process gone
        Path abandoned = Files.createDirectories(home.resolve(ClusterInit.TEMPORARY_PREFIX + deadPid() + "-1"));
        Files.writeString(abandoned.resolve("PG_VERSION"), "17\n");
        // zonky's: initdb killed before it wrote postgresql.conf, in the final directory
        Path dataDirectory = home.resolve("pgdata");
        Files.createDirectories(dataDirectory.resolve("base"));

        database = new Database(new DatabaseSettings.Embedded(home));
        database.start();

        Integer one = database.jdbi().withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
        assertThat(one).isEqualTo(1);
        assertThat(abandoned).doesNotExist();
        assertThat(dataDirectory.resolve("postgresql.conf")).exists();
        try (var leftovers = Files.list(home)) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(ClusterInit.TEMPORARY_PREFIX));
        }
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
