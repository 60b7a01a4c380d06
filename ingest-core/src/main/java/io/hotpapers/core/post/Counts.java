package io.hotpapers.core.post;

/**
 * Arithmetic on engagement counts that cannot wrap: a sum past the long range stays at {@link Long#MAX_VALUE}
 * (far beyond any real engagement) instead of turning negative and reordering a ranking.
 */
public final class Counts {
    private Counts() {
    }

    /** The sum of two non-negative counts, capped at {@link Long#MAX_VALUE}. */
    public static long add(long first, long second) {
        long sum = first + second;
        // overflow iff both operands have the sign opposite to the result's
        if (((first ^ sum) & (second ^ sum)) < 0) {
            return sum < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
