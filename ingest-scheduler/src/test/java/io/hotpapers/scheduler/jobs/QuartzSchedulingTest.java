package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Job;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerUtils;
import org.quartz.spi.JobFactory;
import org.quartz.spi.OperableTrigger;

class QuartzSchedulingTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final DaemonSettings SETTINGS = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3),
            LocalTime.of(9, 0), Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(1),
            null);

    private final List<QuartzScheduling> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(node -> node.stop(Duration.ofSeconds(5)));
    }

    private static List<Instant> fireTimes(Trigger trigger, String from, String to) {
        return TriggerUtils.computeFireTimesBetween((OperableTrigger) trigger, null,
                        Date.from(Instant.parse(from)), Date.from(Instant.parse(to)))
                .stream().map(Date::toInstant).toList();
    }

    @Test
    void listingsFireAt2005EasternSundayToThursdayAcrossBothDaylightSavingChanges() {
        QuartzScheduling scheduling = new QuartzScheduling(null, SETTINGS, null);
        Trigger listing = scheduling.trigger(Task.LISTING, JobKey.jobKey("LISTING"));

        for (String[] fortnight : new String[][] {{"2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z"},
            {"2026-10-25T00:00:00Z", "2026-11-08T00:00:00Z"}}) {
            List<Instant> fires = fireTimes(listing, fortnight[0], fortnight[1]);
            assertThat(fires).hasSize(10); // five evenings a week, none skipped, none doubled
            assertThat(fires).allSatisfy(fire -> {
                ZonedDateTime eastern = fire.atZone(MailingDates.ZONE);
                assertThat(eastern.toLocalTime()).isEqualTo(LocalTime.of(20, 5));
                assertThat(eastern.getDayOfWeek()).isNotIn(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
            });
        }
        // the same evening is 01:05 UTC in winter and 00:05 UTC in summer
        assertThat(fireTimes(listing, "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z"))
                .containsExactly(Instant.parse("2026-03-05T01:05:00Z"));
        assertThat(fireTimes(listing, "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z"))
                .containsExactly(Instant.parse("2026-03-10T00:05:00Z"));
    }

    @Test
    void theDigestFiresDailyAtItsUtcTime() {
        Trigger digest = new QuartzScheduling(null, SETTINGS, null).trigger(Task.DIGEST, JobKey.jobKey("DIGEST"));

        assertThat(fireTimes(digest, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z")).containsExactly(
                Instant.parse("2026-03-07T09:00:00Z"), Instant.parse("2026-03-08T09:00:00Z"),
                Instant.parse("2026-03-09T09:00:00Z"));
    }

    private static boolean awaitManualTriggerUsedUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            int left = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT (SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'DIGEST')
                         + (SELECT count(*) FROM qrtz_simple_triggers s JOIN qrtz_triggers t
                                USING (sched_name, trigger_name, trigger_group) WHERE t.job_name = 'DIGEST')
                    """).mapTo(Integer.class).one());
            if (left == 0) {
                return true;
            }
            Thread.sleep(20); // polling a condition, not timing anything
        }
        return false;
    }

    @Test
    void twoNodesOnOneDatabaseRunAJobOnce() throws Exception {
        Map<Task, AtomicInteger> runs = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            runs.put(task, new AtomicInteger());
        }
        Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        done.put("CATCH_UP", new CountDownLatch(2));
        done.put("DIGEST", new CountDownLatch(1));
        JobFactory counting = (bundle, scheduler) -> (Job) context -> {
            String name = context.getJobDetail().getKey().getName();
            runs.get(Task.valueOf(name)).incrementAndGet();
            done.getOrDefault(name, new CountDownLatch(0)).countDown();
        };
        QuartzScheduling first = new QuartzScheduling(postgres.database().dataSource(), SETTINGS, counting);
        QuartzScheduling second = new QuartzScheduling(postgres.database().dataSource(), SETTINGS, counting);
        nodes.add(first);
        nodes.add(second);
        first.start();
        second.start();
        assertThat(done.get("CATCH_UP").await(60, TimeUnit.SECONDS)).as("each start catches up").isTrue();

        first.runNow(Task.DIGEST);

        assertThat(done.get("DIGEST").await(60, TimeUnit.SECONDS)).isTrue();
        // Quartz marks the one-shot trigger complete in the database just after the job returns: once it is gone,
        // no node can fire it again, and the count is final
        assertThat(awaitManualTriggerUsedUp()).as("the manual trigger is used up").isTrue();
        assertThat(runs.get(Task.DIGEST).get()).isEqualTo(1);
        assertThat(first.nextFireTimes()).containsKeys(Task.LISTING, Task.DIGEST, Task.DISCOVERY, Task.SNAPSHOTS);
    }
}
