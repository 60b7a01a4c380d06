package io.hotpapers.core.post;

import java.time.Instant;
import java.util.List;

/**
 * A tracked post that may be due for a metrics refresh.
 *
 * @param postId the source's id of the post
 * @param paperAnnouncedAt the start (US Eastern midnight) of the first mailing date of the papers it links
 * @param lastCapturedAt when its latest snapshot was taken, or {@code null} if it has none
 * @param movement how much reposts plus likes grew between its last two snapshots: a predictor of change
 * @param score reposts plus likes at its latest snapshot (0 before the first)
 * @param previousCapturedAt when the snapshot before the latest was taken, or {@code null}
 * @param postedAt when the post was published, or {@code null} if unknown
 * @param papers the arXiv ids the post links (empty when unknown)
 */
public record RefreshCandidate(String postId, Instant paperAnnouncedAt, Instant lastCapturedAt, long movement,
                               long score, Instant previousCapturedAt, Instant postedAt, List<String> papers) {
    public RefreshCandidate {
        papers = List.copyOf(papers);
    }

    /** A candidate known only by its schedule: no counts, no papers (what a due-only refresh round needs). */
    public RefreshCandidate(String postId, Instant paperAnnouncedAt, Instant lastCapturedAt, long movement) {
        this(postId, paperAnnouncedAt, lastCapturedAt, movement, 0, null, null, List.of());
    }
}
