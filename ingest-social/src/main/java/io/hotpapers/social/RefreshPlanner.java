package io.hotpapers.social;

import io.hotpapers.core.post.RefreshCandidate;
import java.time.Instant;
import java.util.List;

/** Chooses which tracked posts a refresh round reads, and in which order. */
@FunctionalInterface
public interface RefreshPlanner {
    /** The ids of the posts to read now, in order, from the source's tracked posts younger than the horizon. */
    List<String> plan(List<RefreshCandidate> candidates, Instant now);
}
