package io.hotpapers.scheduler.site;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which request paths name a file of the site: segments of letters, digits, {@code .}, {@code _} and {@code -},
 * none empty or starting with a dot (no {@code ..}, no hidden file such as the manifest), no encoded character at
 * all. Anything else is not a path of the site, so no request can reach outside its directory.
 */
public final class SitePaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final int MAX_SEGMENTS = 4;

    private SitePaths() {
    }

    /** The site-relative file a raw request path names ({@code /} is the index), or empty. */
    public static Optional<String> file(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() > 512) {
            return Optional.empty();
        }
        String path = rawPath.substring(1);
        if (path.isEmpty() || path.endsWith("/")) {
            path = path + "index.html";
        }
        return isSitePath(path) ? Optional.of(path) : Optional.empty();
    }

    /** The site-relative page of a digest ({@code digest/2026-11-26.html}). */
    public static String digestPage(LocalDate mailingDate) {
        return "digest/" + mailingDate + ".html";
    }

    /** The site-relative page of a watchlist's digest ({@code watch/follow/2026-11-26.html}). */
    public static String watchlistPage(String watchlist, LocalDate mailingDate) {
        return "watch/" + watchlist + "/" + mailingDate + ".html";
    }

    /** The site-relative page of a paper: its arXiv id, an old-style id's slash made an underscore. */
    public static String paperPage(String arxivId) {
        return "paper/" + arxivId.replace('/', '_') + ".html";
    }

    /** The site-relative page of a category ({@code category/cs.LG.html}). */
    public static String categoryPage(String category) {
        return "category/" + category + ".html";
    }

    /** The absolute URL of a site-relative page under the URL the site is published at (with or without "/"). */
    public static String absolute(String siteUrl, String page) {
        return siteUrl.replaceAll("/+$", "") + "/" + page;
    }

    /** Whether a relative path is made of allowed segments only. */
    static boolean isSitePath(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return false;
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }
}
