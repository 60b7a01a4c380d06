package io.hotpapers.core.run;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.text.ErrorText;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit trail of job runs, and the checkpoint that lets a backfill skip what is already done. */
public final class IngestRunStore {
    /** Long stack traces do not belong in an audit row; the log has the rest. */
    private static final int MAX_ERROR_LENGTH = 4000;
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };
    /** Quartz declares a node dead after about this many missed check-ins; so do we, with its fixed margin. */
    private static final int MISSED_CHECKINS = 2;
    private static final long CHECKIN_MARGIN_MILLIS = 7_500;
    private static final Logger LOG = LoggerFactory.getLogger(IngestRunStore.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json;
    /** Every error stored with a run is one line without secrets, whoever wrote it. */
    private final ErrorText errors;
    /** The same, bounded for a log or status line. */
    private final ErrorText lineErrors;
    /** Replaced once when this process joins a Quartz cluster, before any scheduled run starts. */
    private volatile RunOwner owner;

    public IngestRunStore(Jdbi jdbi, Clock clock, ObjectMapper json) {
        this(jdbi, clock, json, ErrorText.withoutSecrets());
    }

    /** @param errors blanks the configured secrets out of the errors stored with runs */
    public IngestRunStore(Jdbi jdbi, Clock clock, ObjectMapper json, ErrorText errors) {
        this(jdbi, clock, json, RunOwner.thisProcess(), errors);
    }

    public IngestRunStore(Jdbi jdbi, Clock clock, ObjectMapper json, RunOwner owner) {
        this(jdbi, clock, json, owner, ErrorText.withoutSecrets());
    }

    private IngestRunStore(Jdbi jdbi, Clock clock, ObjectMapper json, RunOwner owner, ErrorText errors) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
        this.owner = owner;
        this.errors = errors.withMaxLength(MAX_ERROR_LENGTH);
        this.lineErrors = errors;
    }

    /** How this process makes an error message fit to log: configured secrets blanked, one bounded line. */
    public ErrorText errorText() {
        return lineErrors;
    }

    /** Runs started from now on belong to the Quartz instance {@code instanceId} (of this process). */
    public void joinScheduler(String instanceId) {
        owner = owner.inScheduler(instanceId);
    }

    /** Records the start of a run, with the process that runs it, and returns its id. */
    public long start(String job, String scope) {
        RunOwner self = owner;
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO ingest_runs (job, scope, started_at, status, host, pid, process_started_at,
                                                 scheduler_instance)
                        VALUES (:job, :scope, :now, 'running', :host, :pid, :processStartedAt, :schedulerInstance)
                        """)
                .bind("job", job)
                .bind("scope", scope)
                .bind("now", clock.instant())
                .bind("host", self.host())
                .bind("pid", self.pid())
                .bind("processStartedAt", self.processStartedAt())
                .bind("schedulerInstance", self.schedulerInstance())
                .executeAndReturnGeneratedKeys("run_id")
                .mapTo(Long.class)
                .one());
    }

    /**
     * Runs {@code work} as one run of {@code job} over {@code scope}: started before it, and ended with its counts
     * as {@code succeeded}, as {@code interrupted} when the work said so or threw {@link StoppedException}, or as
     * {@code failed} with the exception's sanitized message (which is thrown on).
     */
    public <T> T track(String job, String scope, RunWork<T> work) {
        return track(job, scope, new StopSignal(), work);
    }

    /**
     * As {@link #track(String, String, RunWork)}; an exception thrown once {@code stop} was requested (a wait or a
     * request cut short by the stop) ends the run {@code interrupted}, not {@code failed}: its scope is redone.
     */
    public <T> T track(String job, String scope, StopSignal stop, RunWork<T> work) {
        long runId = start(job, scope);
        RunCounts counts = new RunCounts(runId);
        T result;
        try {
            result = work.run(counts);
        } catch (StoppedException e) {
            interrupt(runId, counts.values(), errors.of(e));
            throw e;
        } catch (RuntimeException e) {
            if (stop.isRequested()) {
                interrupt(runId, counts.values(), "stopped: " + errors.of(e));
            } else {
                fail(runId, counts.values(), errors.of(e));
            }
            throw e;
        }
        Optional<String> interruption = counts.interruption();
        if (interruption.isPresent()) {
            interrupt(runId, counts.values(), interruption.get());
        } else {
            succeed(runId, counts.values());
        }
        return result;
    }

    public void succeed(long runId, Map<String, Long> counts) {
        finish(runId, RunStatus.SUCCEEDED, counts, null);
    }

    /** Records a failed run; the error is stored as one bounded line with secrets blanked. */
    public void fail(long runId, Map<String, Long> counts, String error) {
        finish(runId, RunStatus.FAILED, counts, error == null ? null : errors.sanitize(error));
    }

    /** Records a run stopped on purpose at a unit boundary (say by Ctrl-C); its scope is redone next time. */
    public void interrupt(long runId, Map<String, Long> counts, String why) {
        finish(runId, RunStatus.INTERRUPTED, counts, why == null ? null : errors.sanitize(why));
    }

    /**
     * Marks {@code abandoned} every {@code running} run whose process is gone, and returns them: on this host
     * when no live process has its pid (and start time), on another host when its Quartz instance no longer
     * checks in with the cluster. A command-line run on another host cannot be judged from here and is left.
     */
    public List<IngestRun> abandonOrphans() {
        return jdbi.inTransaction(handle -> {
            String here = RunOwner.localHost();
            long nowMillis = clock.millis();
            Map<String, Long> checkins = new HashMap<>();
            handle.createQuery("""
                            SELECT instance_name, last_checkin_time + :missed * checkin_interval + :margin AS dead_after
                            FROM qrtz_scheduler_state
                            """)
                    .bind("missed", MISSED_CHECKINS)
                    .bind("margin", CHECKIN_MARGIN_MILLIS)
                    .map((rows, context) -> Map.entry(rows.getString("instance_name"), rows.getLong("dead_after")))
                    .forEach(entry -> checkins.put(entry.getKey(), entry.getValue()));
            List<Long> gone = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            handle.createQuery("""
                            SELECT run_id, host, pid, process_started_at, scheduler_instance FROM ingest_runs
                            WHERE status = 'running' ORDER BY run_id FOR UPDATE
                            """)
                    .map((rows, context) -> new Orphan(rows.getLong("run_id"), rows.getString("host"),
                            (Long) rows.getObject("pid"), instant(rows, "process_started_at"),
                            rows.getString("scheduler_instance")))
                    .forEach(run -> run.whyGone(here, checkins, nowMillis).ifPresent(reason -> {
                        gone.add(run.runId());
                        reasons.add(reason);
                    }));
            for (int index = 0; index < gone.size(); index++) {
                handle.createUpdate("""
                                UPDATE ingest_runs SET status = 'abandoned', finished_at = :now, error = :error
                                WHERE run_id = :id AND status = 'running'
                                """)
                        .bind("now", clock.instant())
                        .bind("error", reasons.get(index))
                        .bind("id", gone.get(index))
                        .execute();
            }
            if (gone.isEmpty()) {
                return List.<IngestRun>of();
            }
            List<IngestRun> abandoned = handle.createQuery(
                            "SELECT * FROM ingest_runs WHERE run_id IN (<ids>) ORDER BY run_id")
                    .bindList("ids", gone)
                    .map(this::run)
                    .list();
            abandoned.forEach(run -> LOG.warn("Run {} ({} {}) marked abandoned: {}", run.runId(), run.job(),
                    run.scope(), run.error()));
            return abandoned;
        });
    }

    /** A running row and the process recorded with it; rows from before V10 have no process and are left. */
    private record Orphan(long runId, String host, Long pid, Instant processStartedAt, String schedulerInstance) {
        Optional<String> whyGone(String here, Map<String, Long> deadAfter, long nowMillis) {
            if (host == null || pid == null) {
                return Optional.empty();
            }
            if (host.equals(here)) {
                return RunOwner.isGoneHere(pid, processStartedAt)
                        ? Optional.of("its process (pid " + pid + " on " + host + ") ended while it ran")
                        : Optional.empty();
            }
            if (schedulerInstance == null) {
                return Optional.empty();
            }
            Long deadline = deadAfter.get(schedulerInstance);
            return deadline == null || deadline < nowMillis
                    ? Optional.of("its daemon (" + schedulerInstance + " on " + host + ") left the cluster while it ran")
                    : Optional.empty();
        }
    }

    /** Records items the run could not use, with the reason for each; recording one twice changes nothing. */
    public void recordSkips(long runId, Collection<Skip> skips) {
        if (skips.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("""
                    INSERT INTO ingest_skips (run_id, item, reason) VALUES (:runId, :item, :reason)
                    ON CONFLICT (run_id, item) DO NOTHING
                    """);
            // reasons often quote what a remote side answered: stored as one line, secrets blanked
            skips.forEach(skip -> batch.bind("runId", runId).bind("item", skip.item())
                    .bind("reason", skip.reason() == null ? null : errors.sanitize(skip.reason())).add());
            batch.execute();
        });
    }

    /** The items a run skipped, in item order. */
    public List<Skip> skips(long runId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT item, reason FROM ingest_skips WHERE run_id = :id ORDER BY item
                        """)
                .bind("id", runId)
                .map((rows, context) -> new Skip(rows.getString("item"), rows.getString("reason")))
                .list());
    }

    /** Whether the latest run of the job over the scope succeeded: the backfill checkpoint. */
    public boolean isDone(String job, String scope) {
        return latest(job, scope).map(run -> run.status() == RunStatus.SUCCEEDED).orElse(false);
    }

    /** The scopes among {@code scopes} whose latest run of the job succeeded, in one query: checkpoints in bulk. */
    public Set<String> doneScopes(String job, Collection<String> scopes) {
        if (scopes.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT scope FROM (
                            SELECT DISTINCT ON (scope) scope, status FROM ingest_runs
                            WHERE job = :job AND scope = ANY (:scopes)
                            ORDER BY scope, started_at DESC, run_id DESC) latest
                        WHERE status = 'succeeded'
                        """)
                .bind("job", job)
                .bindArray("scopes", String.class, List.copyOf(scopes))
                .mapTo(String.class)
                .list()));
    }

    public Optional<IngestRun> latest(String job, String scope) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM ingest_runs WHERE job = :job AND scope = :scope
                        ORDER BY started_at DESC, run_id DESC LIMIT 1
                        """)
                .bind("job", job)
                .bind("scope", scope)
                .map(this::run)
                .findOne());
    }

    /** The latest run of the job whose scope starts with {@code scopePrefix} (a source's runs: {@code "x "}). */
    public Optional<IngestRun> latestWithScopePrefix(String job, String scopePrefix) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM ingest_runs WHERE job = :job AND left(scope, length(:prefix)) = :prefix
                        ORDER BY started_at DESC, run_id DESC LIMIT 1
                        """)
                .bind("job", job)
                .bind("prefix", scopePrefix)
                .map(this::run)
                .findOne());
    }

    /** When the latest succeeded run of any of the jobs whose scope starts with {@code scopePrefix} ended. */
    public Optional<Instant> lastSuccess(Collection<String> jobs, String scopePrefix) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT max(finished_at) AS last_success FROM ingest_runs
                        WHERE job = ANY (:jobs) AND left(scope, length(:prefix)) = :prefix AND status = 'succeeded'
                        """)
                .bindArray("jobs", String.class, List.copyOf(jobs))
                .bind("prefix", scopePrefix)
                .map((rows, context) -> Optional.ofNullable(instant(rows, "last_success")))
                .one());
    }

    /** The most recent runs of every job, newest first. */
    public List<IngestRun> recent(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM ingest_runs ORDER BY started_at DESC, run_id DESC LIMIT :limit
                        """)
                .bind("limit", limit)
                .map(this::run)
                .list());
    }

    /** The latest run of every job, by job name. */
    public List<IngestRun> latestPerJob() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT ON (job) * FROM ingest_runs ORDER BY job, started_at DESC, run_id DESC
                        """)
                .map(this::run)
                .list());
    }

    /** The most recent failed or abandoned runs, newest first. */
    public List<IngestRun> recentFailures(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM ingest_runs WHERE status IN ('failed', 'abandoned')
                        ORDER BY started_at DESC, run_id DESC LIMIT :limit
                        """)
                .bind("limit", limit)
                .map(this::run)
                .list());
    }

    private void finish(long runId, RunStatus status, Map<String, Long> counts, String error) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE ingest_runs SET status = :status, finished_at = :now, counts = CAST(:counts AS jsonb),
                                               error = :error
                        WHERE run_id = :id AND status = 'running'
                        """)
                .bind("status", status.wireName())
                .bind("now", clock.instant())
                .bind("counts", write(counts))
                .bind("error", error)
                .bind("id", runId)
                .execute());
        if (updated == 0) {
            throw new IllegalStateException("run " + runId + " is not running");
        }
    }

    private IngestRun run(ResultSet rows, StatementContext context) throws SQLException {
        return new IngestRun(
                rows.getLong("run_id"),
                rows.getString("job"),
                rows.getString("scope"),
                instant(rows, "started_at"),
                instant(rows, "finished_at"),
                RunStatus.fromWireName(rows.getString("status")),
                read(rows.getString("counts")),
                rows.getString("error"));
    }

    private String write(Map<String, Long> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Long> read(String text) {
        try {
            return json.readValue(text, COUNTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
