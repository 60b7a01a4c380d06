package io.hotpapers.scheduler.jobs;

import java.util.Locale;

/** The kinds of the daemon's recurring work; the per-source ones are one Quartz job per enabled source. */
public enum Task {
    /** Ingest the evening's announcement (then its metadata), retrying while arXiv's feed lags. */
    LISTING(false),
    /** Search one source for new posts about papers in the active window. */
    DISCOVERY(true),
    /** Re-read the metrics of one source's tracked posts that are due. */
    REFRESH(true),
    /** Write the digest of the previous mailing date. */
    DIGEST(false),
    /** At start: every mailing date missed while no daemon ran, listing to digest, exactly once. */
    CATCH_UP(false),
    /** Send the digest deliveries that are due: retries of failed ones, and those a stopped process left. */
    DELIVERY(false);

    private final boolean perSource;

    Task(boolean perSource) {
        this.perSource = perSource;
    }

    /** Whether each enabled source has its own job of this kind ({@code discovery:x}, {@code refresh:x}). */
    public boolean perSource() {
        return perSource;
    }

    /** The name used in logs, metrics and {@code ingest_runs}; a per-source job adds {@code :source}. */
    public String jobName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
