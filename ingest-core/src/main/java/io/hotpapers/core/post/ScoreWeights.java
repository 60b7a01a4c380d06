package io.hotpapers.core.post;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much each source's engagement counts: score = Σ over sources of weight(source) × (reposts + likes). A source
 * without a weight counts with weight 1, so that a weight of 1 everywhere gives the plain sum.
 */
public record ScoreWeights(Map<String, BigDecimal> weights) {
    /** What {@code SCORE_WEIGHTS} defaults to. */
    public static final String DEFAULT_SETTING = "x=1,bluesky=1,hackernews=1,huggingface=1";
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal WEIGHT_LIMIT = BigDecimal.valueOf(1000);
    // after the constants it uses: static fields initialise in order
    public static final ScoreWeights DEFAULT = parse(DEFAULT_SETTING);

    public ScoreWeights {
        weights = Map.copyOf(new TreeMap<>(weights));
        weights.forEach((source, weight) -> {
            Sources.requireValid(source);
            if (weight.signum() < 0 || weight.compareTo(WEIGHT_LIMIT) > 0) {
                throw new IllegalArgumentException("weight of " + source + " must be between 0 and 1000");
            }
        });
    }

    /** Parses {@code source=weight,…}, e.g. {@code x=1,bluesky=0.5}. */
    public static ScoreWeights parse(String setting) {
        Map<String, BigDecimal> weights = new TreeMap<>();
        for (String pair : setting.split(",", -1)) {
            String[] parts = pair.trim().split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("expected source=weight, got '" + pair.trim() + "'");
            }
            String source = parts[0].trim();
            BigDecimal weight;
            try {
                weight = new BigDecimal(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + source + " is not a number: '" + parts[1].trim() + "'");
            }
            if (weights.put(source, weight) != null) {
                throw new IllegalArgumentException("source " + source + " is weighted twice");
            }
        }
        return new ScoreWeights(weights);
    }

    /** The source's weight; 1 when none is set. */
    public BigDecimal weight(String source) {
        return weights.getOrDefault(source, BigDecimal.ONE);
    }

    /** weight(source) × (reposts + likes), rounded half up and capped at the long range: never wraps. */
    public long score(String source, long reposts, long likes) {
        long engagement = Counts.add(reposts, likes);
        BigDecimal weight = weight(source);
        if (weight.compareTo(BigDecimal.ONE) == 0) {
            return engagement;
        }
        BigDecimal weighted = weight.multiply(BigDecimal.valueOf(engagement)).setScale(0, RoundingMode.HALF_UP);
        return weighted.compareTo(MAX) >= 0 ? Long.MAX_VALUE : weighted.longValueExact();
    }
}
