package io.hotpapers.scheduler.site;

import java.util.List;

/**
 * The site's Content-Security-Policy: scripts, styles and images from the site itself only, no inline script or
 * style, no plugin, no form, no base URL; with {@code SITE_EMBED_SCRIPTS}, also the networks' embed script origins.
 */
public final class ContentSecurityPolicy {
    private ContentSecurityPolicy() {
    }

    /** The policy a page carries in its {@code <meta>} element (where {@code frame-ancestors} is not allowed). */
    public static String forPages(List<String> embedOrigins) {
        String extra = embedOrigins.isEmpty() ? "" : " " + String.join(" ", embedOrigins);
        return "default-src 'none'; script-src 'self'" + extra + "; style-src 'self'; img-src 'self' data:" + extra
                + "; connect-src 'self'; frame-src" + (extra.isEmpty() ? " 'none'" : extra)
                + "; base-uri 'none'; form-action 'none'";
    }

    /** The policy the server sends with every response: the page's, and no framing by other sites. */
    public static String forResponses(List<String> embedOrigins) {
        return forPages(embedOrigins) + "; frame-ancestors 'none'";
    }
}
