package io.hotpapers.scheduler.site;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One ranked paper of a stored digest, its texts cleaned and bounded.
 *
 * @param fingerprint a digest of the entry as stored: equal fingerprints, equal entries
 * @param sources per source id (in id order), that source's counts in its own vocabulary ({@code posts},
 *     {@code reposts}, …) as its renderer names them
 */
public record SiteEntry(int rank, String arxivId, int version, String title, List<String> authors,
                        String primaryCategory, List<String> categories, String abstractText, long score,
                        long reposts, long likes, long replies, long quotes, int postCount, Instant snapshotAt,
                        Map<String, Map<String, Long>> sources, List<SitePost> posts, String fingerprint) {
    public SiteEntry {
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        // sorted, so that its text (part of a page's key) is the same in every JVM
        sources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sources));
        posts = List.copyOf(posts);
    }
}
