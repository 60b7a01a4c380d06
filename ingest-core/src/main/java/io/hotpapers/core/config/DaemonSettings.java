package io.hotpapers.core.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * When the daemon's jobs run and where it reports health.
 *
 * @param listingTime US Eastern time of the listing job, Sunday to Thursday (after arXiv's 20:00 announcement)
 * @param listingPatience how long the listing job keeps retrying while the feed still shows the previous date
 * @param digestTime UTC time of the daily digest of the previous mailing date
 * @param clusterCheckin how often a daemon tells the cluster it is alive; a node silent for longer is taken over
 * @param httpAddress where {@code /health} and {@code /metrics} listen, or {@code null} when switched off
 * @param catchUpDays the most mailing dates catch-up redoes; older gaps are left to {@code hotpapers backfill}
 * @param databaseDownExit how long the daemon tries to get an unreachable database back before it exits with 1
 */
public record DaemonSettings(LocalTime listingTime, Duration listingPatience, LocalTime digestTime,
                             Duration discoveryInterval, Duration refreshInterval, Duration shutdownGrace,
                             Duration clusterCheckin, InetSocketAddress httpAddress, int catchUpDays,
                             Duration databaseDownExit) {
    /** Catch-up's window unless configured: a week of mailings. */
    public static final int DEFAULT_CATCH_UP_DAYS = 7;
    /** The default of {@code HOTPAPERS_DB_DOWN_EXIT}: long enough to ride out a restart, short enough to alert. */
    public static final Duration DEFAULT_DATABASE_DOWN_EXIT = Duration.ofMinutes(10);

    /** Settings with the default catch-up window and database-down exit. */
    public DaemonSettings(LocalTime listingTime, Duration listingPatience, LocalTime digestTime,
                          Duration discoveryInterval, Duration refreshInterval, Duration shutdownGrace,
                          Duration clusterCheckin, InetSocketAddress httpAddress) {
        this(listingTime, listingPatience, digestTime, discoveryInterval, refreshInterval, shutdownGrace,
                clusterCheckin, httpAddress, DEFAULT_CATCH_UP_DAYS, DEFAULT_DATABASE_DOWN_EXIT);
    }

    /** Settings with the given catch-up window and the default database-down exit. */
    public DaemonSettings(LocalTime listingTime, Duration listingPatience, LocalTime digestTime,
                          Duration discoveryInterval, Duration refreshInterval, Duration shutdownGrace,
                          Duration clusterCheckin, InetSocketAddress httpAddress, int catchUpDays) {
        this(listingTime, listingPatience, digestTime, discoveryInterval, refreshInterval, shutdownGrace,
                clusterCheckin, httpAddress, catchUpDays, DEFAULT_DATABASE_DOWN_EXIT);
    }

    public DaemonSettings {
        if (catchUpDays < 1) {
            throw new IllegalArgumentException("catchUpDays must be at least 1, got " + catchUpDays);
        }
        Objects.requireNonNull(listingTime, "listingTime");
        Objects.requireNonNull(listingPatience, "listingPatience");
        Objects.requireNonNull(digestTime, "digestTime");
        Objects.requireNonNull(discoveryInterval, "discoveryInterval");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(clusterCheckin, "clusterCheckin");
        Objects.requireNonNull(databaseDownExit, "databaseDownExit");
    }
}
