package io.hotpapers.social.x;

/**
 * A post's {@code public_metrics}.
 *
 * @param bookmarks bookmark count, or {@code null} when not reported
 * @param impressions impression count, or {@code null} when not reported
 */
public record XMetrics(int retweets, int replies, int likes, int quotes, Integer bookmarks, Long impressions) {
}
