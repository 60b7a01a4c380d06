package io.hotpapers.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.hotpapers.core.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hotpapers PostgreSQL database: the embedded server or an external one, a HikariCP pool, Jdbi and the
 * Flyway migrations from {@code sql/}.
 *
 * <p>Lifecycle: {@link #start()} connects (starting the embedded server when configured) and
 * {@link #stop()} closes the pool and leaves the embedded server (stopping it if no other process uses it).
 */
public final class Database {
    /** Flyway location of the migrations that the build copies from the top-level {@code sql/} folder. */
    public static final String MIGRATIONS = "classpath:db/migration";

    /** The tables {@code status} counts, in the order of the data flow. */
    public static final List<String> TABLES =
            List.of("papers", "listings", "posts", "post_papers", "post_snapshots", "post_latest", "paper_source_latest",
                    "paper_source_automated_latest",
                    "paper_latest", "paper_source_hourly",
                    "category_day_latest",
                    "digests", "ingest_runs", "ingest_skips", "metadata_attempts", "deliveries", "watchlists");

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration EMBEDDED_STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** Row counts above this are PostgreSQL's estimates in {@link #status()}. */
    static final long ESTIMATE_ABOVE = 1_000_000;

    /** The most connections one hotpapers process holds. */
    public static final int POOL_SIZE = 8;

    private final DatabaseSettings settings;
    private EmbeddedPostgresServer embedded;
    private volatile HikariDataSource dataSource;
    /**
     * One Jdbi for this object's life, over whichever pool is open: the stores built on it (before {@link #start()},
     * by the composition root) work once the database is started; a statement before that, or after
     * {@link #stop()}, fails with "database not started".
     */
    private final Jdbi jdbi;

    public Database(DatabaseSettings settings) {
        this.settings = settings;
        this.jdbi = Jdbi.create(this::connection);
        ConflictRetryingTransactions.install(jdbi);
    }

    private Connection connection() throws SQLException {
        return dataSource().getConnection();
    }

    /** Connects to the database, starting the embedded server when no URL is configured. */
    public synchronized void start() {
        if (dataSource != null) {
            return;
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("hotpapers");
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        pool.setInitializationFailTimeout(1);
        if (settings instanceof DatabaseSettings.External external) {
            pool.setJdbcUrl(external.jdbcUrl());
            if (external.user() != null) {
                pool.setUsername(external.user());
            }
            if (external.password() != null) {
                pool.setPassword(external.password().reveal());
            }
        } else if (settings instanceof DatabaseSettings.Embedded local) {
            embedded = new EmbeddedPostgresServer(local.home(), EMBEDDED_STARTUP_TIMEOUT);
            embedded.start();
            pool.setJdbcUrl(embedded.jdbcUrl());
            pool.setUsername(EmbeddedPostgresServer.SUPERUSER);
            pool.setPassword(embedded.password().reveal());
        }
        try {
            dataSource = new HikariDataSource(pool);
        } catch (HikariPool.PoolInitializationException e) {
            leaveEmbedded();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DatabaseUnavailableException("cannot connect to " + describe() + ": " + cause.getMessage(), e);
        }
        LOG.debug("Connected to {}", describe());
    }

    /**
     * Applies pending migrations; a no-op when the schema is current. When the schema is at this build's migrations
     * (its stored fingerprint matches), one query says so and Flyway is not started.
     */
    public MigrationReport migrate() {
        String fingerprint = SchemaFingerprint.of(Database.class.getClassLoader());
        Optional<String> current = versionIfFingerprint(fingerprint);
        if (current.isPresent()) {
            return new MigrationReport(0, current.get());
        }
        Flyway flyway = flyway();
        try {
            MigrateResult result = flyway.migrate();
            MigrationInfo applied = flyway.info().current();
            String version = applied == null ? "none" : applied.getVersion().toString();
            if (result.migrationsExecuted > 0) {
                LOG.info("Applied {} migration(s); schema is at version {}", result.migrationsExecuted, version);
            }
            recordFingerprint(fingerprint, version);
            return new MigrationReport(result.migrationsExecuted, version);
        } catch (FlywayException e) {
            throw new MigrationException("cannot migrate " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The schema version when the stored fingerprint is this one; empty before V20 or after other migrations. */
    private Optional<String> versionIfFingerprint(String fingerprint) {
        return jdbi.withHandle(handle -> {
            boolean exists = handle.createQuery("SELECT to_regclass('schema_fingerprint') IS NOT NULL")
                    .mapTo(Boolean.class).one();
            if (!exists) {
                return Optional.empty();
            }
            return handle.createQuery("SELECT version FROM schema_fingerprint WHERE fingerprint = :fingerprint")
                    .bind("fingerprint", fingerprint)
                    .mapTo(String.class)
                    .findOne();
        });
    }

    private void recordFingerprint(String fingerprint, String version) {
        jdbi.useHandle(handle -> {
            // a database migrated only up to an older version (no V20 yet) has nowhere to keep it
            if (handle.createQuery("SELECT to_regclass('schema_fingerprint') IS NOT NULL").mapTo(Boolean.class).one()) {
                handle.createUpdate("""
                                INSERT INTO schema_fingerprint (fingerprint, version, written_at) VALUES (:f, :v, now())
                                ON CONFLICT (singleton) DO UPDATE
                                    SET fingerprint = EXCLUDED.fingerprint, version = EXCLUDED.version,
                                        written_at = EXCLUDED.written_at
                                """)
                        .bind("f", fingerprint)
                        .bind("v", version)
                        .execute();
            }
        });
    }

    /** Where the data is, safe to print. */
    public String describe() {
        if (embedded != null) {
            return settings.describe() + " (localhost:" + embedded.port() + ")";
        }
        return settings.describe();
    }

    /** How a user reaches the embedded server with psql, while this database is started on it. */
    public Optional<EmbeddedConnection> embeddedConnection() {
        if (embedded == null) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddedConnection("localhost", embedded.port(), EmbeddedPostgresServer.SUPERUSER,
                EmbeddedPostgresServer.DATABASE, embedded.passwordFile()));
    }

    /** Keeps the started embedded server running after this process stops, until {@link #stopEmbedded()}. */
    public void keepEmbeddedRunning() {
        if (embedded == null) {
            throw new IllegalStateException("no embedded server started");
        }
        embedded.keepRunning();
    }

    /**
     * Stops the embedded server of these settings (on a database that was not started) unless a hotpapers process
     * still uses it; returns what happened.
     */
    public EmbeddedStop stopEmbedded() {
        if (!(settings instanceof DatabaseSettings.Embedded local)) {
            throw new IllegalStateException("not an embedded database");
        }
        return switch (new EmbeddedPostgresServer(local.home(), EMBEDDED_STARTUP_TIMEOUT).stopUnlessUsed()) {
            case STOPPED -> EmbeddedStop.STOPPED;
            case NOT_RUNNING -> EmbeddedStop.NOT_RUNNING;
            case IN_USE -> EmbeddedStop.IN_USE;
        };
    }

    /** What {@link #stopEmbedded()} did. */
    public enum EmbeddedStop {
        /** The server was running and is now stopped. */
        STOPPED,
        /** No server was running. */
        NOT_RUNNING,
        /** A hotpapers process still uses the server; it stops when the last one leaves. */
        IN_USE
    }

    /** Database location, server and schema versions and the row count of every table (estimated past 1M rows). */
    public DatabaseStatus status() {
        return jdbi().withHandle(handle -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : TABLES) {
                // an exact count of tens of millions of snapshots takes seconds: past a million, PostgreSQL's
                // own estimate is shown instead
                long estimate = handle.createQuery("""
                                SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint FROM pg_class c
                                WHERE c.oid = to_regclass(:table)
                                   OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass(:table))
                                """)
                        .bind("table", table)
                        .mapTo(Long.class)
                        .one();
                // table names come from the constant list above, never from input
                counts.put(table, estimate > ESTIMATE_ABOVE ? estimate
                        : handle.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
            }
            String server = handle.createQuery("SHOW server_version").mapTo(String.class).one();
            // the latest versioned migration applied, as Flyway reports it, read without starting Flyway
            String version = handle.createQuery("""
                            SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                            ORDER BY installed_rank DESC LIMIT 1
                            """)
                    .mapTo(String.class)
                    .findOne()
                    .orElse("none");
            return new DatabaseStatus(describe(), server, version, counts);
        });
    }

    /**
     * PostgreSQL's live-row estimate of a table and its partitions ({@code name_*}), from its statistics: cheap
     * enough to scrape at any size.
     */
    public double estimatedRows(String table) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname = :table "
                                + "OR relname LIKE :partitions")
                .bind("table", table)
                .bind("partitions", table + "\\_%")
                .mapTo(Double.class)
                .one());
    }

    /**
     * Checks over a fresh connection, outside the pool (whose callers wait up to its timeout), that the server
     * answers within the timeout; throws {@link DatabaseUnavailableException} saying why not.
     */
    public void ping(Duration timeout) {
        HikariDataSource pool = (HikariDataSource) dataSource();
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), properties);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot reach " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the embedded server, on its old port, when it died under this process; returns whether it did.
     * Always {@code false} for an external server, which is its operator's to restart.
     */
    public boolean restartEmbeddedIfDown() {
        EmbeddedPostgresServer server;
        synchronized (this) {
            server = embedded;
        }
        return server != null && server.restartIfDown();
    }

    /** The database's Jdbi; usable before {@link #start()} to build stores, for statements only after it. */
    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        HikariDataSource current = dataSource;
        if (current == null) {
            throw new IllegalStateException("database not started");
        }
        return current;
    }

    /** Closes the pool, then leaves the embedded server (which stops when no other process uses it). */
    public synchronized void stop() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        leaveEmbedded();
    }

    private void leaveEmbedded() {
        if (embedded != null) {
            embedded.stop();
            embedded = null;
        }
    }

    private Flyway flyway() {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource())
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
