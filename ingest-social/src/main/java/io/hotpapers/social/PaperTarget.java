package io.hotpapers.social;

/**
 * A paper to search posts for.
 *
 * @param latestVersion the newest version known, so that links to every version are searched
 * @param cursor where the source's last search for this paper ended (opaque: only the source reads it), or
 *     {@code null} when never searched
 */
public record PaperTarget(String arxivId, int latestVersion, String cursor) {
}
