package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which daemons {@code status} counts as running follows the check-in interval, not a fixed 30 seconds. */
class SchedulerStateStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final MutableClock clock = MutableClock.at("2026-11-26T12:00:00Z");

    @BeforeEach
    void setUp() {
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE qrtz_scheduler_state"));
        long now = clock.millis();
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)
                VALUES ('hotpapers', 'fresh', ?, 10000), ('hotpapers', 'late', ?, 10000),
                       ('hotpapers', 'slow-node', ?, 60000), ('hotpapers', 'gone', ?, 10000)
                """, now - 5_000, now - 40_000, now - 100_000, now - 600_000));
    }

    private int live(Duration configured) {
        return new SchedulerStateStore(postgres.jdbi(), configured, clock).liveDaemons();
    }

    @Test
    void aDaemonIsAliveWithinTwoCheckInsAndQuartzsMargin() {
        // 10 s: fresh (5 s ago) and the node checking in every minute (100 s ago, within 2 x 60 s + 7.5 s)
        assertThat(live(Duration.ofSeconds(10))).isEqualTo(2);
        // 20 s configured: the node 40 s silent is still within 2 x 20 s + 7.5 s
        assertThat(live(Duration.ofSeconds(20))).isEqualTo(3);
    }

    @Test
    void aSilentDaemonStopsCountingOnceItsCheckInsAreMissed() {
        clock.advance(Duration.ofSeconds(25));

        assertThat(live(Duration.ofSeconds(10))).as("only the minute-interval node is still within its window")
                .isEqualTo(1);
    }
}
