package io.hotpapers.core.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The counts of one tracked run (see {@link IngestRunStore#track}), filled in by its work as it goes: whatever is
 * there when the work ends, returns or fails, is stored with the run.
 */
public final class RunCounts {
    private final long runId;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private volatile String interruption;

    RunCounts(long runId) {
        this.runId = runId;
    }

    /** The run's id, for what is stored with it (its skips). */
    public long runId() {
        return runId;
    }

    /** Sets one count, replacing an earlier value of the same name. */
    public synchronized RunCounts put(String name, long value) {
        counts.put(name, value);
        return this;
    }

    /** The work stopped early on purpose (a stop between units): the run ends {@code interrupted}, not succeeded. */
    public void interrupted(String why) {
        interruption = why;
    }

    synchronized Map<String, Long> values() {
        return Map.copyOf(counts);
    }

    Optional<String> interruption() {
        return Optional.ofNullable(interruption);
    }
}
