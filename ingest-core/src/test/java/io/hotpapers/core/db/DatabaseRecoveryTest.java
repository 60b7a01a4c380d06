package io.hotpapers.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.StoredRows;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database goes away in the middle of the work and comes back: the pool recovers without a restart. */
@Tag("reliability")
class DatabaseRecoveryTest {
    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres server(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Counts listings over a connection of its own, outside the pool under test. */
    private static int listed(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM listings")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void aWriteFailsCleanlyWhileTheServerIsDownAndTheSamePoolWorksOnceItIsBack() throws Exception {
        int port = freePort();
        EmbeddedPostgres server = server(port);
        Database database = new Database(new DatabaseSettings.External(server.getJdbcUrl("postgres", "postgres"),
                "postgres", null));
        database.start();
        try {
            database.migrate();
            ListingStore store = new ListingStore(database.jdbi(), MutableClock.at("2021-05-12T00:00:00Z"));
            LocalDate date = LocalDate.parse("2021-05-11");
            store.record(List.of(new Listing(date, "cs.LG", "2105.00001", AnnounceType.NEW)));

            List<Listing> batch = List.of(new Listing(date, "cs.LG", "2105.00002", AnnounceType.NEW),
                    new Listing(date, "cs.LG", "2105.00003", AnnounceType.NEW));
            server.close();
            assertThatThrownBy(() -> store.record(batch)).isInstanceOf(JdbiException.class);

            server = server(port);
            // The next run completes the work. Its first statement may still meet a connection the old server
            // terminated (the pool evicts it on that error); the batch is one transaction, so a failed attempt
            // leaves nothing half-written.
            String url = server.getJdbcUrl("postgres", "postgres");
            assertThat(listed(url)).as("nothing of the failed batch was written").isEqualTo(1);
            boolean done = false;
            for (int attempt = 1; attempt <= Database.POOL_SIZE + 1 && !done; attempt++) {
                try {
                    store.record(batch);
                    done = true;
                } catch (JdbiException e) {
                    assertThat(listed(url)).as("a failed attempt writes nothing").isEqualTo(1);
                }
            }
            assertThat(done).as("the pool recovered without a restart").isTrue();
            assertThat(StoredRows.listings(database.jdbi(), date)).extracting(Listing::arxivId)
                    .containsExactly("2105.00001", "2105.00002", "2105.00003");
        } finally {
            database.stop();
            server.close();
        }
    }
}
