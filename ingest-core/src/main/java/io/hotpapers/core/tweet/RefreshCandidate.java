package io.hotpapers.core.tweet;

import java.time.Instant;

/**
 * A tracked tweet that may be due for a metrics refresh.
 *
 * @param paperAnnouncedAt the start (US Eastern midnight) of the first mailing date of the papers it links
 * @param lastCapturedAt when its latest snapshot was taken, or {@code null} if it has none
 * @param movement how much retweets plus likes grew between its last two snapshots: a predictor of change
 */
public record RefreshCandidate(long tweetId, Instant paperAnnouncedAt, Instant lastCapturedAt, long movement) {
}
