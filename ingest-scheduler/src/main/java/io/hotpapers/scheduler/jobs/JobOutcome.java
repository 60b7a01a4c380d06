package io.hotpapers.scheduler.jobs;

import java.time.Instant;

/**
 * The last outcome of one daemon job on the cluster, as stored in {@code job_health}.
 *
 * @param scheduledSince when a daemon last started scheduling the job (the reference while it never succeeded)
 * @param lastSuccessAt when its last successful run ended, or {@code null}
 * @param lastFailureAt when its last failed run ended, or {@code null}
 * @param lastError the sanitized message of that failure, or {@code null}
 * @param lastNode the daemon (host:pid) that ran it last, or {@code null}
 */
public record JobOutcome(DaemonJob job, Instant scheduledSince, Instant lastSuccessAt, Instant lastFailureAt,
                         String lastError, String lastNode) {

    /** Whether the most recent run failed. */
    public boolean lastRunFailed() {
        return lastFailureAt != null && (lastSuccessAt == null || lastFailureAt.isAfter(lastSuccessAt));
    }
}
