package io.hotpapers.core.digest;

import java.util.List;
import java.util.Optional;

/**
 * A compact Unicode chart of a series ("▁▂▄▆█"), at most {@value #MAX_WIDTH} characters wide. A flat series of a
 * positive value is drawn at mid height ("▄▄▄"), apart from a series of zeros ("▁▁▁").
 */
final class Sparkline {
    static final int MAX_WIDTH = 24;
    private static final char[] LEVELS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    /** Where a flat, non-zero series is drawn: "▄". */
    private static final int FLAT_LEVEL = 3;

    private Sparkline() {
    }

    /** The sparkline of the values, or empty when fewer than two values give no trend. */
    static Optional<String> of(List<Long> values) {
        if (values.size() < 2) {
            return Optional.empty();
        }
        int width = Math.min(MAX_WIDTH, values.size());
        long min = values.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = values.stream().mapToLong(Long::longValue).max().orElseThrow();
        StringBuilder line = new StringBuilder(width);
        for (int i = 0; i < width; i++) {
            // evenly spaced samples, always including the last (current) value
            long value = values.get((int) Math.round(i * (values.size() - 1) / (double) (width - 1)));
            int level = max == min ? (value == 0 ? 0 : FLAT_LEVEL)
                    : (int) ((value - min) * (LEVELS.length - 1) / (max - min));
            line.append(LEVELS[level]);
        }
        return Optional.of(line.toString());
    }
}
