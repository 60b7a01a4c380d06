package io.hotpapers.scheduler.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What the clustered Quartz scheduler has written to its tables ({@code qrtz_scheduler_state},
 * {@code qrtz_triggers}), read so that any process, daemon or not, can show it.
 */
public final class SchedulerStateStore {
    /** A daemon missing this many check-ins in a row is taken for gone (as for abandoned runs). */
    static final int MISSED_CHECKINS = 2;
    /** Quartz's own slack before it takes a silent node's work over. */
    static final Duration CHECKIN_MARGIN = Duration.ofMillis(7_500);
    /** {@code status} reads these tables; a database that hangs must not hang it. */
    private static final int QUERY_TIMEOUT_SECONDS = 3;

    private final Jdbi jdbi;
    private final Duration checkinInterval;
    private final Clock clock;

    /** @param checkinInterval the configured {@code HOTPAPERS_CLUSTER_CHECKIN} */
    public SchedulerStateStore(Jdbi jdbi, Duration checkinInterval, Clock clock) {
        this.jdbi = jdbi;
        this.checkinInterval = checkinInterval;
        this.clock = clock;
    }

    /**
     * Daemons that checked in with the cluster recently: within two check-in intervals and Quartz's margin, where
     * the interval is the longer of the configured one and the one the daemon recorded (a node started with
     * another setting is judged by its own).
     */
    public int liveDaemons() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FROM qrtz_scheduler_state
                        WHERE last_checkin_time + :missed * greatest(checkin_interval, :interval) + :margin >= :now
                        """)
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .bind("missed", MISSED_CHECKINS)
                .bind("interval", checkinInterval.toMillis())
                .bind("margin", CHECKIN_MARGIN.toMillis())
                .bind("now", clock.millis())
                .mapTo(Integer.class)
                .one());
    }

    /** The next fire time of each scheduled trigger, by trigger name (the task's name). */
    public Map<String, Instant> nextFireTimes() {
        Map<String, Instant> next = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT trigger_name, next_fire_time FROM qrtz_triggers WHERE next_fire_time > 0")
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .map((rows, context) -> Map.entry(rows.getString("trigger_name"),
                        Instant.ofEpochMilli(rows.getLong("next_fire_time"))))
                .forEach(entry -> next.put(entry.getKey(), entry.getValue())));
        return next;
    }
}
