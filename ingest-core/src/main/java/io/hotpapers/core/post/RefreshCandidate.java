package io.hotpapers.core.post;

import java.time.Instant;

/**
 * A tracked post that may be due for a metrics refresh.
 *
 * @param postId the source's id of the post
 * @param paperAnnouncedAt the start (US Eastern midnight) of the first mailing date of the papers it links
 * @param lastCapturedAt when its latest snapshot was taken, or {@code null} if it has none
 * @param movement how much reposts plus likes grew between its last two snapshots: a predictor of change
 */
public record RefreshCandidate(String postId, Instant paperAnnouncedAt, Instant lastCapturedAt, long movement) {
}
