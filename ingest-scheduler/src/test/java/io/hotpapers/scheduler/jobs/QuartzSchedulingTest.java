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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
        QuartzScheduling scheduling = QuartzScheduling.definitionsOnly(SETTINGS);
        Trigger listing = scheduling.trigger(DaemonJob.LISTING, JobKey.jobKey("listing"));

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
        Trigger digest = QuartzScheduling.definitionsOnly(SETTINGS).trigger(DaemonJob.DIGEST, JobKey.jobKey("digest"));

        assertThat(fireTimes(digest, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z")).containsExactly(
                Instant.parse("2026-03-07T09:00:00Z"), Instant.parse("2026-03-08T09:00:00Z"),
                Instant.parse("2026-03-09T09:00:00Z"));
    }

    private static boolean awaitManualTriggerUsedUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            int left = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT (SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = 'digest')
                         + (SELECT count(*) FROM qrtz_simple_triggers s JOIN qrtz_triggers t
                                USING (sched_name, trigger_name, trigger_group) WHERE t.job_name = 'digest')
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
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> done = new ConcurrentHashMap<>();
        done.put("catch-up", new CountDownLatch(2));
        done.put("digest", new CountDownLatch(1));
        JobFactory counting = (bundle, scheduler) -> (Job) context -> {
            String name = context.getJobDetail().getKey().getName();
            runs.computeIfAbsent(name, unused -> new AtomicInteger()).incrementAndGet();
            done.getOrDefault(name, new CountDownLatch(0)).countDown();
        };
        List<DaemonJob> jobs = DaemonJob.all(List.of("x", "bluesky"));
        QuartzScheduling first = new QuartzScheduling(postgres.database().dataSource(), SETTINGS, jobs, counting);
        QuartzScheduling second = new QuartzScheduling(postgres.database().dataSource(), SETTINGS, jobs, counting);
        nodes.add(first);
        nodes.add(second);
        first.start();
        second.start();
        assertThat(done.get("catch-up").await(60, TimeUnit.SECONDS)).as("each start catches up").isTrue();

        first.runNow(DaemonJob.DIGEST);

        assertThat(done.get("digest").await(60, TimeUnit.SECONDS)).isTrue();
        // Quartz marks the one-shot trigger complete in the database just after the job returns: once it is gone,
        // no node can fire it again, and the count is final
        assertThat(awaitManualTriggerUsedUp()).as("the manual trigger is used up").isTrue();
        assertThat(runs.get("digest").get()).isEqualTo(1);
        assertThat(first.nextFireTimes()).containsOnlyKeys(DaemonJob.LISTING, DaemonJob.DIGEST,
                DaemonJob.discovery("x"), DaemonJob.discovery("bluesky"), DaemonJob.refresh("x"),
                DaemonJob.refresh("bluesky"), DaemonJob.DELIVERY);
    }

    @Test
    void eachSourceHasItsOwnJobsAndAJobNoLongerRunIsRemoved() throws Exception {
        CountDownLatch caughtUp = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch blueskyRan = new CountDownLatch(1);
        JobFactory recording = (bundle, scheduler) -> (Job) context -> {
            String name = context.getJobDetail().getKey().getName();
            ran.add(name);
            if (name.equals("catch-up")) {
                caughtUp.countDown();
            }
            if (name.equals("discovery:bluesky")) {
                blueskyRan.countDown();
            }
        };
        QuartzScheduling both = new QuartzScheduling(postgres.database().dataSource(), SETTINGS,
                DaemonJob.all(List.of("x", "bluesky")), recording);
        nodes.add(both);
        both.start();
        assertThat(caughtUp.await(60, TimeUnit.SECONDS)).isTrue();
        both.runNow(DaemonJob.discovery("bluesky"));
        assertThat(blueskyRan.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).as("one source's job runs alone").doesNotContain("discovery:x");
        both.stop(Duration.ofSeconds(5));

        QuartzScheduling xOnly = new QuartzScheduling(postgres.database().dataSource(), SETTINGS,
                DaemonJob.all(List.of("x")), recording);
        nodes.add(xOnly);
        xOnly.start(false);

        assertThat(storedJobs()).containsExactlyInAnyOrder("listing", "discovery:x", "refresh:x", "digest",
                "catch-up", "delivery");
        assertThat(xOnly.nextFireTimes()).containsKeys(DaemonJob.discovery("x"), DaemonJob.refresh("x"));
    }

    private static List<String> storedJobs() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT job_name FROM qrtz_job_details WHERE sched_name = 'hotpapers'").mapTo(String.class).list());
    }
}
