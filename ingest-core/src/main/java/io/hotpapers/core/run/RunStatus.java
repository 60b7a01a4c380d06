package io.hotpapers.core.run;

import java.util.Locale;

/** Where a job run stands; stored in {@code ingest_runs.status}. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
