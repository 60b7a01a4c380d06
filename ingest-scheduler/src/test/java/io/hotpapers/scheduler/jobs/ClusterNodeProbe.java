package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.db.Database;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.CountDownLatch;
import org.quartz.Job;

/**
 * A cluster node in its own JVM for {@link ClusterFailoverTest}: starts scheduling on the given database, fires
 * the digest job, prints {@code RUNNING} once the job runs here, and keeps it running until the test kills it.
 */
public final class ClusterNodeProbe {
    private ClusterNodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        Database database = new Database(new DatabaseSettings.External(args[0], args[1].isEmpty() ? null : args[1],
                args[2].isEmpty() ? null : new Secret(args[2])));
        database.start();
        QuartzScheduling node = new QuartzScheduling(database.dataSource(), ClusterFailoverTest.SETTINGS,
                ClusterFailoverTest.JOBS, (bundle, scheduler) -> (Job) context -> {
                    if (context.getJobDetail().getKey().getName().equals(DaemonJob.DIGEST.name())) {
                        System.out.println("RUNNING");
                        System.out.flush();
                        try {
                            new CountDownLatch(1).await(); // a long job, cut short by kill -9
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        node.start();
        node.runNow(DaemonJob.DIGEST);
        new CountDownLatch(1).await();
    }

    static DaemonSettings settings() {
        return new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3), LocalTime.of(9, 0), Duration.ofHours(1),
                Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(1), null);
    }
}
