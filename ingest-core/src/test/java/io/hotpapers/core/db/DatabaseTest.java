package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void twoWritersThatDeadlockBothFinishBecauseTheAbortedOneRunsAgain() throws Exception {
        postgres.jdbi().useHandle(handle -> handle.execute("CREATE TABLE deadlock_probe (writer int)"));
        CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 1; writer <= 2; writer++) {
                int first = writer;
                int second = 3 - writer;
                done.add(writers.submit(() -> postgres.jdbi().inTransaction(handle -> {
                    handle.execute("INSERT INTO deadlock_probe VALUES (?)", first);
                    handle.execute("SELECT pg_advisory_xact_lock(?)", first);
                    if (attempts.incrementAndGet() <= 2) {
                        bothHoldTheirFirstLock.await(); // the first attempts only: each then wants the other's lock
                    }
                    return handle.execute("SELECT pg_advisory_xact_lock(?)", second);
                })));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
            assertThat(attempts).hasValue(3);
            List<Integer> written = postgres.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT writer FROM deadlock_probe ORDER BY writer").mapTo(Integer.class).list());
            assertThat(written).containsExactly(1, 2);
        } finally {
            writers.shutdownNow();
            postgres.jdbi().useHandle(handle -> handle.execute("DROP TABLE deadlock_probe"));
        }
    }

    @Test
    void migratingAgainIsANoOp() {
        MigrationReport again = postgres.database().migrate();

        assertThat(again.applied()).isZero();
        assertThat(again.schemaVersion()).isEqualTo(postgres.database().status().schemaVersion());
    }

    @Test
    void aSecondDatabaseObjectOnTheSameSchemaFindsItMigrated() {
        Database other = new Database(postgres.settings());
        other.start();
        try {
            assertThat(other.migrate().applied()).isZero();
        } finally {
            other.stop();
        }
    }

    @Test
    void statusCountsEveryTable() {
        DatabaseStatus status = postgres.database().status();

        assertThat(status.rowCounts()).containsOnlyKeys(Database.TABLES);
        assertThat(status.schemaVersion()).isEqualTo(Migrations.latestVersion());
        assertThat(status.serverVersion()).matches("1[4-9].*");
    }

    @Test
    void quartzJobStoreTablesExist() {
        List<String> tables = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT table_name FROM information_schema.tables
                        WHERE table_schema = current_schema() AND table_name LIKE 'qrtz%' ORDER BY table_name
                        """).mapTo(String.class).list());

        assertThat(tables).contains("qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks",
                "qrtz_scheduler_state", "qrtz_fired_triggers");
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutThePassword() {
        Database unreachable = new Database(new DatabaseSettings.External(
                "jdbc:postgresql://localhost:1/hotpapers?connectTimeout=2&password=hunter2", "nobody",
                new Secret("s3cret-password")));

        assertThatThrownBy(unreachable::start)
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://localhost:1/hotpapers")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret-password");
    }
}
