package io.hotpapers.core.run;

import java.util.Locale;

/** Where a job run stands; stored in {@code ingest_runs.status}. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped on purpose (Ctrl-C, SIGTERM, daemon stop) at a unit boundary; the next run redoes it. */
    INTERRUPTED,
    /** Its process ended (killed, crashed, lost node) while it ran; found and marked at a later start. */
    ABANDONED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
