package io.hotpapers.core.testing;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The one PostgreSQL server the tests of a JVM share; each test class leases its own database or schema on it. */
abstract class TestServer {
    static final String URL_VARIABLE = "HOTPAPERS_TEST_DB_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestServer.class);
    private static TestServer instance;

    /** A database (or schema) of one test class. */
    interface Lease {
        DatabaseSettings.External settings();

        void release();
    }

    abstract Lease lease(String name);

    static synchronized TestServer get() {
        if (instance == null) {
            instance = choose();
        }
        return instance;
    }

    private static TestServer choose() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            LOG.info("Tests use the PostgreSQL at {}", new DatabaseSettings.External(url.strip(), null, null).describe());
            String password = System.getenv("HOTPAPERS_TEST_DB_PASSWORD");
            return new SchemaPerClass(url.strip(), System.getenv("HOTPAPERS_TEST_DB_USER"),
                    password == null ? null : new Secret(password));
        }
        if (dockerAvailable()) {
            LOG.info("Tests use a Testcontainers PostgreSQL 17");
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new DatabasePerClass(container.getJdbcUrl(), container.getUsername(),
                    new Secret(container.getPassword()));
        }
        LOG.info("Tests use an embedded PostgreSQL 17 (no Docker engine reachable)");
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOG.warn("Could not stop the embedded test PostgreSQL", e);
                }
            }));
            return new DatabasePerClass(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL for the tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A fresh database per test class, created and dropped through the server's maintenance database. */
    private static final class DatabasePerClass extends TestServer {
        private final String adminUrl;
        private final String user;
        private final Secret password;

        DatabasePerClass(String adminUrl, String user, Secret password) {
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
        }

        @Override
        Lease lease(String name) {
            PostgresExtension.administer(adminUrl, user, password, "CREATE DATABASE " + name);
            String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
            DatabaseSettings.External settings = new DatabaseSettings.External(url, user, password);
            return new Lease() {
                @Override
                public DatabaseSettings.External settings() {
                    return settings;
                }

                @Override
                public void release() {
                    PostgresExtension.administer(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name
                            + " WITH (FORCE)");
                }
            };
        }
    }

    /** A fresh schema per test class on a server the developer provides (where creating databases may be denied). */
    private static final class SchemaPerClass extends TestServer {
        private final String url;
        private final String user;
        private final Secret password;

        SchemaPerClass(String url, String user, Secret password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        Lease lease(String name) {
            PostgresExtension.administer(url, user, password, "CREATE SCHEMA " + name);
            String separator = url.contains("?") ? "&" : "?";
            DatabaseSettings.External settings =
                    new DatabaseSettings.External(url + separator + "currentSchema=" + name, user, password);
            return new Lease() {
                @Override
                public DatabaseSettings.External settings() {
                    return settings;
                }

                @Override
                public void release() {
                    PostgresExtension.administer(url, user, password, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                }
            };
        }
    }
}
