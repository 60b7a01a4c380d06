package io.hotpapers.scheduler.jobs;

import java.util.Locale;

/** The daemon's recurring work; each is one Quartz job that never overlaps itself, even across nodes. */
public enum Task {
    /** Ingest the evening's announcement (then its metadata), retrying while arXiv's feed lags. */
    LISTING,
    /** Search for new tweets about papers in the active window. */
    DISCOVERY,
    /** Re-read the metrics of tracked tweets that are due. */
    SNAPSHOTS,
    /** Write the digest of the previous mailing date. */
    DIGEST,
    /** At start: every mailing date missed while no daemon ran, listing to digest, exactly once. */
    CATCH_UP;

    /** The name used in logs, metrics and {@code ingest_runs}. */
    public String jobName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
