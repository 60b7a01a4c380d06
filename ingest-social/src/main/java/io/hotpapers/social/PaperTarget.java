package io.hotpapers.social;

/**
 * A paper to search posts for.
 *
 * @param latestVersion the newest version known, so that links to every version are searched
 * @param sinceId the newest post already seen for this paper, or {@code null} when never searched
 */
public record PaperTarget(String arxivId, int latestVersion, Long sinceId) {
}
