package io.hotpapers.core.run;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** The audit trail of job runs, and the checkpoint that lets a backfill skip what is already done. */
public final class IngestRunStore {
    /** Long stack traces do not belong in an audit row; the log has the rest. */
    private static final int MAX_ERROR_LENGTH = 4000;
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };

    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json;

    public IngestRunStore(Jdbi jdbi, Clock clock, ObjectMapper json) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
    }

    /** Records the start of a run and returns its id. */
    public long start(String job, String scope) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO ingest_runs (job, scope, started_at, status) VALUES (:job, :scope, :now, 'running')
                        """)
                .bind("job", job)
                .bind("scope", scope)
                .bind("now", clock.instant())
                .executeAndReturnGeneratedKeys("run_id")
                .mapTo(Long.class)
                .one());
    }

    public void succeed(long runId, Map<String, Long> counts) {
        finish(runId, RunStatus.SUCCEEDED, counts, null);
    }

    /** Records a failed run; the error text must already be free of secrets. */
    public void fail(long runId, Map<String, Long> counts, String error) {
        String trimmed = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        finish(runId, RunStatus.FAILED, counts, trimmed);
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
            skips.forEach(skip -> batch.bind("runId", runId).bind("item", skip.item()).bind("reason", skip.reason())
                    .add());
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

    /** The most recent failed runs, newest first. */
    public List<IngestRun> recentFailures(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM ingest_runs WHERE status = 'failed' ORDER BY started_at DESC, run_id DESC LIMIT :limit
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
