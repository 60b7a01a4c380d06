package io.hotpapers.bench;

import java.util.Arrays;
import java.util.function.Supplier;

/** Repeated timing of one operation after warm-up runs (caches, plans and the JIT, as in the daemon). */
final class Timing {
    static final int WARM_UP_RUNS = 5;
    static final int RUNS = 20;

    private Timing() {
    }

    /** Milliseconds of {@link #RUNS} runs: min, median, p95, max. */
    static double[] repeat(Supplier<?> operation) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            operation.get();
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            operation.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new double[] {millis[0], millis[RUNS / 2], millis[(int) Math.ceil(RUNS * 0.95) - 1], millis[RUNS - 1]};
    }
}
