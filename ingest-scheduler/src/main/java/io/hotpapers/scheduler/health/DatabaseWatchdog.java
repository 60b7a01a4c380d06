package io.hotpapers.scheduler.health;

import io.hotpapers.core.db.Database;
import io.hotpapers.core.http.Sleeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the daemon's database: pings it every few seconds; when it stops answering, retries with growing spacing
 * and, for the embedded server, restarts it; when it has not come back within the configured time
 * ({@code HOTPAPERS_DB_DOWN_EXIT}), hands the decision to exit to whoever started the daemon. Jobs need nothing
 * from it: Quartz and the pool reconnect by themselves once the server answers again.
 */
public final class DatabaseWatchdog {
    static final Duration HEALTHY_INTERVAL = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatchdog.class);

    private final Database database;
    private final Duration exitAfter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final UnaryOperator<String> sanitizer;
    private final Runnable giveUp;
    private final Counter restarts;
    private volatile Instant downSince;
    private volatile String lastError;
    private volatile boolean stopped;
    private Duration retry = FIRST_RETRY;
    private Thread thread;

    /**
     * @param sanitizer makes an error message safe to log and show (no secrets)
     * @param giveUp called once, from the watchdog's thread, when the database stayed down for {@code exitAfter}
     */
    public DatabaseWatchdog(Database database, Duration exitAfter, Clock clock, Sleeper sleeper, MeterRegistry registry,
                            UnaryOperator<String> sanitizer, Runnable giveUp) {
        this.database = database;
        this.exitAfter = exitAfter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.sanitizer = sanitizer;
        this.giveUp = giveUp;
        this.restarts = Counter.builder("hotpapers.database.restarts")
                .description("Restarts of the embedded PostgreSQL after it died under the daemon")
                .register(registry);
        Gauge.builder("hotpapers.database.up", this, watchdog -> watchdog.databaseUp() ? 1 : 0)
                .description("1 while the database answers the daemon's pings, 0 while it does not")
                .register(registry);
    }

    /** Watches on a thread of its own until {@link #stop()} or until it gives up. */
    public synchronized void start() {
        thread = new Thread(this::run, "hotpapers-db-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the watching (before the database is closed, so a stop is not mistaken for an outage). */
    public void stop() {
        stopped = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Checks until stopped or given up; each wait is bounded by {@link #MAX_RETRY}. */
    void run() {
        while (!stopped) {
            Optional<Duration> next = check();
            if (next.isEmpty()) {
                return;
            }
            try {
                sleeper.sleep(next.get());
            } catch (InterruptedException e) {
                return; // stop() interrupts the wait
            }
        }
    }

    /** One look at the database; returns how long to wait before the next, or empty once it has given up. */
    Optional<Duration> check() {
        try {
            database.ping(PING_TIMEOUT);
            recovered();
            return Optional.of(HEALTHY_INTERVAL);
        } catch (RuntimeException e) {
            if (stopped) {
                return Optional.empty();
            }
            return unreachable(sanitizer.apply(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void recovered() {
        if (downSince != null) {
            LOG.info("Database is back after {}; jobs resume", Duration.between(downSince, clock.instant()));
        }
        downSince = null;
        lastError = null;
        retry = FIRST_RETRY;
    }

    private Optional<Duration> unreachable(String error) {
        Instant now = clock.instant();
        lastError = error;
        if (downSince == null) {
            downSince = now;
            LOG.warn("Database unreachable: {}; retrying with backoff ({} growing to {}), exiting if it is not back "
                    + "within {} (HOTPAPERS_DB_DOWN_EXIT)", error, FIRST_RETRY, MAX_RETRY, exitAfter);
        } else if (!now.isBefore(downSince.plus(exitAfter))) {
            LOG.error("Database unreachable for {} (HOTPAPERS_DB_DOWN_EXIT): giving up so that a supervisor can "
                    + "restart hotpapers; last error: {}", Duration.between(downSince, now), error);
            stopped = true;
            giveUp.run();
            return Optional.empty();
        }
        if (restartEmbedded()) {
            return Optional.of(Duration.ZERO); // look again at once
        }
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        return Optional.of(wait);
    }

    private boolean restartEmbedded() {
        try {
            boolean back = database.restartEmbeddedIfDown();
            if (back) {
                restarts.increment();
            }
            return back;
        } catch (RuntimeException e) {
            LOG.warn("Could not restart the embedded PostgreSQL (next try in {}): {}", retry,
                    sanitizer.apply(String.valueOf(e.getMessage())));
            return false;
        }
    }

    /** Whether the last ping was answered. */
    public boolean databaseUp() {
        return downSince == null;
    }

    /** Since when the database does not answer, if it does not. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    /** Why the last ping failed (sanitized), if it did. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
