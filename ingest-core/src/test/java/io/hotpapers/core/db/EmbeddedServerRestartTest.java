package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.config.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server is killed under a running process: the process restarts it on its port, data kept. */
@Timeout(180)
@Tag("reliability")
class EmbeddedServerRestartTest {
    @TempDir
    Path home;

    private Database database;

    @AfterEach
    void stop() {
        if (database != null) {
            database.stop();
        }
    }

    private long postmasterPid() {
        return EmbeddedPostgresServer.RunningServer.find(home.resolve("pgdata")).orElseThrow().pid();
    }

    private static void kill(long pid) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get();
    }

    /** The pool hands out connections the dead server left broken until it has evicted them. */
    private long countThroughThePool() {
        JdbiException last = null;
        for (int attempt = 0; attempt <= Database.POOL_SIZE; attempt++) {
            try {
                return database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM marks")
                        .mapTo(Long.class).one());
            } catch (JdbiException e) {
                last = e;
            }
        }
        throw last;
    }

    @Test
    void aKilledServerIsRestartedOnTheSamePortWithItsData() throws Exception {
        database = new Database(new DatabaseSettings.Embedded(home));
        database.start();
        database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE marks (id int); INSERT INTO marks VALUES (1)"));
        String before = database.describe();
        long killed = postmasterPid();

        kill(killed);

        assertThatThrownBy(() -> database.ping(Duration.ofSeconds(2))).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("cannot reach embedded PostgreSQL in " + home.resolve("pgdata"));
        boolean back = false;
        // the killed server's backends may hold its shared memory for a moment; each attempt is bounded
        for (int attempt = 0; attempt < 20 && !back; attempt++) {
            try {
                back = database.restartEmbeddedIfDown();
            } catch (EmbeddedServerException e) {
                Thread.sleep(500); // waiting for the old backends to exit, not for timing
            }
        }
        assertThat(back).as("restarted").isTrue();
        assertThat(postmasterPid()).as("a new server process").isNotEqualTo(killed);
        assertThat(database.describe()).as("same port").isEqualTo(before);
        database.ping(Duration.ofSeconds(2));
        assertThat(countThroughThePool()).as("the same pool reaches the data").isEqualTo(1);
        assertThat(database.restartEmbeddedIfDown()).as("a running server is left alone").isFalse();
        assertThat(postmasterPid()).isNotEqualTo(killed);
    }
}
