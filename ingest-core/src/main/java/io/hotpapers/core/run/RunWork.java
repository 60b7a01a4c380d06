package io.hotpapers.core.run;

/** The work of one tracked run: it writes its counts as it goes and returns its result. */
@FunctionalInterface
public interface RunWork<T> {
    T run(RunCounts counts);
}
