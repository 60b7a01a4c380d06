package io.hotpapers.core.post;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How often a post's metrics are re-read, by the age of its paper (time since its first mailing date): by
 * default hourly for the first day, every 6 hours until day 7, daily until day 30, then never.
 */
public record RefreshPolicy(List<Step> steps) {

    /** Until the paper is {@code untilAge} old, refresh every {@code interval}. */
    public record Step(Duration untilAge, Duration interval) {
    }

    public RefreshPolicy {
        steps = List.copyOf(steps);
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).untilAge().compareTo(steps.get(i - 1).untilAge()) <= 0) {
                throw new IllegalArgumentException("refresh steps must be in increasing age");
            }
        }
    }

    public static RefreshPolicy standard() {
        return new RefreshPolicy(List.of(
                new Step(Duration.ofDays(1), Duration.ofHours(1)),
                new Step(Duration.ofDays(7), Duration.ofHours(6)),
                new Step(Duration.ofDays(30), Duration.ofDays(1))));
    }

    /** The refresh interval at this age, or empty once the paper is too old to follow. */
    public Optional<Duration> interval(Duration age) {
        return steps.stream().filter(step -> age.compareTo(step.untilAge()) < 0).findFirst().map(Step::interval);
    }

    /** The age after which posts are no longer refreshed. */
    public Duration horizon() {
        return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).untilAge();
    }
}
