package io.hotpapers.bench;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** A throwaway embedded PostgreSQL 17 with the hotpapers schema, for one scenario. */
final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    final Database database;

    BenchDatabase() throws IOException {
        server = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .start();
        database = new Database(new DatabaseSettings.External(server.getJdbcUrl("postgres", "postgres"), "postgres",
                null));
        database.start();
        database.migrate();
    }

    @Override
    public void close() throws IOException {
        database.stop();
        server.close();
    }
}
