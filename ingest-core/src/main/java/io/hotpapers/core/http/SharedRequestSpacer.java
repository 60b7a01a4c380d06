package io.hotpapers.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spaces requests to one API across every process on one database (CLI, daemon, all cluster nodes): the API's
 * row in {@code api_spacing} is locked around each request, and the next request starts at least
 * {@code interval} after the previous one ended, by the database's clock.
 *
 * <p>Placed after a per-process {@link RequestSpacer}, which keeps a process's own threads in line and is the
 * fallback: when the database cannot be reached the request goes out with per-process spacing only, and a
 * warning says so.
 */
public final class SharedRequestSpacer implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRequestSpacer.class);

    private final String api;
    private final Duration interval;
    private final Duration maxHold;
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Sleeper sleeper;
    private volatile boolean degraded;

    /**
     * @param api the row's key, e.g. {@code arxiv}
     * @param maxHold the longest one request may hold the lock (its call timeout plus the interval); a process
     *     that holds it longer loses its session, and one that waits longer falls back to per-process spacing
     * @param dataSource the database's pool, asked per request (it may not be started yet, or down)
     */
    public SharedRequestSpacer(String api, Duration interval, Duration maxHold, Supplier<DataSource> dataSource,
                               Clock clock, Sleeper sleeper) {
        this.api = api;
        this.interval = interval;
        this.maxHold = maxHold;
        this.dataSource = dataSource;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection connection = lockedConnection();
        if (connection == null) {
            return chain.proceed(chain.request());
        }
        try {
            awaitSlot(connection, chain.request().url().host());
        } catch (SQLException e) {
            rollback(connection);
            fallBack(e);
            return chain.proceed(chain.request());
        } catch (InterruptedIOException | RuntimeException e) {
            rollback(connection);
            throw e;
        }
        try {
            return chain.proceed(chain.request());
        } finally {
            // the end, not the start: a request ends after the server saw it, so the next one starts at least
            // the interval after the server saw this one, whatever the latency on either side
            release(connection);
        }
    }

    /** A connection in a transaction holding the API's row, or null when the database cannot be used. */
    private Connection lockedConnection() {
        Connection connection = null;
        try {
            connection = dataSource.get().getConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // both bounded: a stuck holder loses its session, a waiter gives up and spaces per process
                statement.execute("SET LOCAL lock_timeout = " + maxHold.toMillis());
                statement.execute("SET LOCAL idle_in_transaction_session_timeout = " + maxHold.toMillis());
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_spacing (api) VALUES (?) ON CONFLICT (api) DO NOTHING")) {
                insert.setString(1, api);
                insert.executeUpdate();
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            fallBack(e);
            return null;
        }
    }

    private void awaitSlot(Connection connection, String host) throws SQLException, InterruptedIOException {
        Duration wait;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_request_at, clock_timestamp() FROM api_spacing WHERE api = ? FOR UPDATE")) {
            select.setString(1, api);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Timestamp last = row.getTimestamp(1);
                Instant now = row.getTimestamp(2).toInstant();
                wait = last == null ? Duration.ZERO : Duration.between(now, last.toInstant().plus(interval));
            }
        }
        if (degraded) {
            degraded = false;
            LOG.info("Spacing {} requests through the database again", api);
        }
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        // the database's clock decides, so hosts with skewed clocks agree; the wait is at most the interval
        Instant slot = clock.instant().plus(wait);
        WaitLimit.announce(host, "next request slot shared by all hotpapers processes", wait, slot);
        sleeper.sleepUntil(slot, clock, "spacing requests with other hotpapers processes");
    }

    private void release(Connection connection) {
        try (connection; PreparedStatement update = connection.prepareStatement(
                "UPDATE api_spacing SET last_request_at = clock_timestamp() WHERE api = ?")) {
            update.setString(1, api);
            update.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("Could not record the end of a {} request in the database ({}); other hotpapers processes "
                    + "may send their next request early", api, e.getMessage());
        }
    }

    private void fallBack(Exception e) {
        if (!degraded) {
            degraded = true;
            LOG.warn("Cannot space {} requests through the database ({}); spacing this process's requests only "
                    + "until it answers again", api, e.getMessage());
        } else {
            LOG.debug("Still spacing {} requests per process: {}", api, e.getMessage());
        }
    }

    private static void rollback(Connection connection) {
        if (connection == null) {
            return;
        }
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback of the spacing transaction failed: {}", e.getMessage());
        }
    }
}
