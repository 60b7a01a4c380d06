package io.hotpapers.bench;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The database of one scenario: a throwaway embedded PostgreSQL 17, or an existing server given by
 * {@code --db-url} (kept afterwards, so a large generated history can be queried again), with the hotpapers schema.
 */
final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    final Database database;
    /** Where {@link #database} is (user and password in the URL). */
    final String jdbcUrl;

    BenchDatabase() throws IOException {
        this(null);
    }

    /** @param jdbcUrl an existing database (user and password in the URL), or null for a throwaway embedded one */
    BenchDatabase(String jdbcUrl) throws IOException {
        this(jdbcUrl, java.util.Map.of());
    }

    /** @param serverConfig more settings of the throwaway embedded server (ignored for an existing database) */
    BenchDatabase(String jdbcUrl, java.util.Map<String, String> serverConfig) throws IOException {
        if (jdbcUrl == null) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("work_mem", "64MB")
                    .setServerConfig("maintenance_work_mem", "512MB")
                    .setServerConfig("max_wal_size", "4GB");
            serverConfig.forEach(builder::setServerConfig);
            server = builder.start();
            jdbcUrl = server.getJdbcUrl("postgres", "postgres");
        } else {
            server = null;
        }
        this.jdbcUrl = jdbcUrl;
        database = new Database(new DatabaseSettings.External(jdbcUrl, null, null));
        database.start();
        database.migrate();
    }

    @Override
    public void close() throws IOException {
        database.stop();
        if (server != null) {
            server.close();
        }
    }
}
