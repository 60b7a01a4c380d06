package io.hotpapers.social;

import io.hotpapers.core.post.RefreshPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A source as built for this process: the network client behind {@link SocialSource}, its budget, how often its
 * posts are re-read, and the parts only a daemon runs.
 *
 * @param planner how each refresh round picks its posts when the policy alone is not enough (X's billed-day
 *     planner), or {@code null}: the posts due under the policy, most-moving first
 */
public record EnabledSource(SocialSource source, PostBudget budget, RefreshPolicy refreshPolicy,
                            List<DaemonPart> daemonParts, RefreshPlanner planner) {
    public EnabledSource {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(refreshPolicy, "refreshPolicy");
        daemonParts = List.copyOf(daemonParts);
    }

    /** With the policy's refresh rounds. */
    public EnabledSource(SocialSource source, PostBudget budget, RefreshPolicy refreshPolicy,
                         List<DaemonPart> daemonParts) {
        this(source, budget, refreshPolicy, daemonParts, null);
    }

    /** Without daemon parts. */
    public EnabledSource(SocialSource source, PostBudget budget, RefreshPolicy refreshPolicy) {
        this(source, budget, refreshPolicy, List.of(), null);
    }
}
