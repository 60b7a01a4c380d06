package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.testing.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;

/** A node killed in the middle of a job: another node of the cluster takes the job over and runs it again. */
@Timeout(120)
@Tag("reliability")
class ClusterFailoverTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final DaemonSettings SETTINGS = ClusterNodeProbe.settings();
    /** One source's jobs beside the global ones, as a daemon with X on schedules them. */
    static final List<DaemonJob> JOBS = DaemonJob.all(List.of("x"));

    @TempDir
    Path logs;

    @Test
    void aKilledNodesRunningJobIsRecoveredByAnotherNode() throws Exception {
        DatabaseSettings.External database = postgres.settings();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process doomed = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClusterNodeProbe.class.getName(), database.jdbcUrl(), database.user() == null ? "" : database.user(),
                database.password() == null ? "" : database.password().reveal())
                .redirectError(Files.createFile(logs.resolve("node.log")).toFile())
                .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(doomed.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("RUNNING");
        } finally {
            doomed.destroyForcibly().waitFor();
        }

        CountDownLatch recovered = new CountDownLatch(1);
        QuartzScheduling survivor = new QuartzScheduling(postgres.database().dataSource(), SETTINGS, JOBS,
                (bundle, scheduler) -> (Job) context -> {
                    if (context.getJobDetail().getKey().getName().equals(DaemonJob.DIGEST.name()) && context.isRecovering()) {
                        recovered.countDown();
                    }
                });
        survivor.start();
        try {
            assertThat(recovered.await(90, TimeUnit.SECONDS)).as("the digest job is run again by the survivor").isTrue();
        } finally {
            survivor.stop(Duration.ofSeconds(5));
        }
    }
}
