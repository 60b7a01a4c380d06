package io.hotpapers.core.testing;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a fresh PostgreSQL database with the real {@code sql/} migrations applied, through the
 * production {@link Database} (HikariCP, Jdbi, Flyway).
 *
 * <p>The server is, in this order: the one at {@code HOTPAPERS_TEST_DB_URL} (a fresh schema per class), a
 * Testcontainers PostgreSQL 17 when a Docker engine is reachable, or an embedded PostgreSQL 17 (a fresh
 * database per class). Register it with {@code @RegisterExtension static PostgresExtension postgres = ...}.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private final String targetVersion;
    private TestServer.Lease lease;
    private Database database;

    /** A database migrated to the latest schema. */
    public PostgresExtension() {
        this(null);
    }

    private PostgresExtension(String targetVersion) {
        this.targetVersion = targetVersion;
    }

    /**
     * A database migrated only up to the given version, as a release that shipped no later migration left it
     * (no repeatable migration applied): the start of an upgrade test, which then calls {@code database().migrate()}.
     */
    public static PostgresExtension atVersion(String version) {
        return new PostgresExtension(version);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        lease = TestServer.get().lease("hp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT));
        database = new Database(lease.settings());
        database.start();
        if (targetVersion == null) {
            database.migrate();
        } else {
            // the repeatable prefix matches no file: the R__ files are ignored, as they did not exist then
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(database.dataSource())
                    .locations(Database.MIGRATIONS)
                    .target(targetVersion)
                    .repeatableSqlMigrationPrefix("NO_REPEATABLES_YET")
                    .load()
                    .migrate();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.stop();
        }
        if (lease != null) {
            lease.release();
        }
    }

    /** The started, migrated database of this test class. */
    public Database database() {
        return database;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    /** Settings that reach this class's database, for code that builds its own {@link Database}. */
    public DatabaseSettings.External settings() {
        return lease.settings();
    }

    /** The environment variables that point hotpapers at this class's database, as a user would set them. */
    public Map<String, String> environment() {
        DatabaseSettings.External settings = settings();
        Map<String, String> environment = new HashMap<>();
        environment.put("HOTPAPERS_DB_URL", settings.jdbcUrl());
        if (settings.user() != null) {
            environment.put("HOTPAPERS_DB_USER", settings.user());
        }
        if (settings.password() != null) {
            environment.put("HOTPAPERS_DB_PASSWORD", settings.password().reveal());
        }
        return environment;
    }

    /** Empties every hotpapers table, for tests that need a clean slate between methods. */
    public void truncateAll() {
        jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE " + String.join(", ", Database.TABLES) + " RESTART IDENTITY CASCADE"));
    }

    /** Runs DDL as the server's administrator (for a database or a schema of one test class). */
    static void administer(String jdbcUrl, String user, Secret password, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user,
                password == null ? null : password.reveal());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test server: " + e.getMessage(), e);
        }
    }
}
