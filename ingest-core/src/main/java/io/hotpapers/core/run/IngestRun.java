package io.hotpapers.core.run;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a job over one scope (say {@code listing} over {@code cs.LG 2021-05-11}).
 *
 * @param finishedAt when the run ended, or {@code null} while it runs
 * @param error what went wrong, or {@code null}
 */
public record IngestRun(long runId, String job, String scope, Instant startedAt, Instant finishedAt,
                        RunStatus status, Map<String, Long> counts, String error) {
    public IngestRun {
        counts = Map.copyOf(counts);
    }
}
