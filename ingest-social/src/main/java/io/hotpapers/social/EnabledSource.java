package io.hotpapers.social;

import io.hotpapers.core.post.RefreshPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A source as built for this process: the network client behind {@link SocialSource}, its budget, how often its
 * posts are re-read, and the parts only a daemon runs.
 */
public record EnabledSource(SocialSource source, PostBudget budget, RefreshPolicy refreshPolicy,
                            List<DaemonPart> daemonParts) {
    public EnabledSource {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(refreshPolicy, "refreshPolicy");
        daemonParts = List.copyOf(daemonParts);
    }

    /** Without daemon parts. */
    public EnabledSource(SocialSource source, PostBudget budget, RefreshPolicy refreshPolicy) {
        this(source, budget, refreshPolicy, List.of());
    }
}
