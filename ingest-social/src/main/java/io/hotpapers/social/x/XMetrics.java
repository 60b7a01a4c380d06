package io.hotpapers.social.x;

/**
 * A post's {@code public_metrics}: non-negative 64-bit counts.
 *
 * @param bookmarks bookmark count, or {@code null} when not reported
 * @param impressions impression count, or {@code null} when not reported
 */
public record XMetrics(long retweets, long replies, long likes, long quotes, Long bookmarks, Long impressions) {
}
