package io.hotpapers.scheduler.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code job_health} table: each job's last success and last failure, written by whichever node ran it. */
public final class JobOutcomeStore {
    /** /health and {@code status} read this table; a database that hangs must not hang them. */
    private static final int QUERY_TIMEOUT_SECONDS = 3;

    private final Jdbi jdbi;

    /** @param jdbi the database's Jdbi, which takes its connections on use (the daemon is built before start) */
    public JobOutcomeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A daemon starts scheduling its jobs now: the reference for jobs that have not succeeded yet. */
    public void scheduled(List<DaemonJob> jobs, Instant since) {
        jdbi.useTransaction(handle -> {
            for (DaemonJob job : jobs) {
                handle.createUpdate("""
                                INSERT INTO job_health (job, scheduled_since) VALUES (:job, :since)
                                ON CONFLICT (job) DO UPDATE SET scheduled_since = excluded.scheduled_since
                                """)
                        .bind("job", job.name())
                        .bind("since", since)
                        .execute();
            }
        });
    }

    /** Records a success; an older one (a node whose clock lags) never hides a newer one. */
    public void succeeded(DaemonJob job, Instant at, String node) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO job_health (job, scheduled_since, last_success_at, last_node)
                        VALUES (:job, :at, :at, :node)
                        ON CONFLICT (job) DO UPDATE SET last_success_at = greatest(job_health.last_success_at,
                                                                                     excluded.last_success_at),
                                                        last_node = excluded.last_node
                        """)
                .bind("job", job.name())
                .bind("at", at)
                .bind("node", node)
                .execute());
    }

    /** Stores a failure; {@code error} must already be sanitized (see {@link io.hotpapers.core.text.ErrorText}). */
    public void failed(DaemonJob job, Instant at, String node, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO job_health (job, scheduled_since, last_failure_at, last_error, last_node)
                        VALUES (:job, :at, :at, :error, :node)
                        ON CONFLICT (job) DO UPDATE SET
                            last_error = CASE WHEN job_health.last_failure_at > excluded.last_failure_at
                                              THEN job_health.last_error ELSE excluded.last_error END,
                            last_failure_at = greatest(job_health.last_failure_at, excluded.last_failure_at),
                            last_node = excluded.last_node
                        """)
                .bind("job", job.name())
                .bind("at", at)
                .bind("error", error)
                .bind("node", node)
                .execute());
    }

    /** The stored outcome of every job that has a row. */
    public Map<DaemonJob, JobOutcome> all() {
        Map<DaemonJob, JobOutcome> outcomes = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT * FROM job_health")
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .map((rows, context) -> outcome(rows))
                .forEach(outcome -> outcome.ifPresent(known -> outcomes.put(known.job(), known))));
        return outcomes;
    }

    /** Rows of jobs this version does not know (a newer node's) are left out. */
    private static Optional<JobOutcome> outcome(ResultSet rows) throws SQLException {
        Optional<DaemonJob> job = DaemonJob.parse(rows.getString("job"));
        if (job.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobOutcome(job.get(), instant(rows, "scheduled_since"),
                instant(rows, "last_success_at"), instant(rows, "last_failure_at"),
                rows.getString("last_error"), rows.getString("last_node")));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
