package io.hotpapers.core.config;

/**
 * How the web site looks and where it is published.
 *
 * @param url the absolute URL the site is published under, ending in {@code /}, for the sitemap and the feeds'
 *     links; {@code null} to use the daemon's own address ({@code HOTPAPERS_HTTP_ADDRESS})
 * @param embedScripts whether pages load the networks' embed scripts (e.g. X's widgets) beside the cards built from
 *     stored data; off by default, so that a page loads nothing from third parties
 */
public record SiteSettings(String url, boolean embedScripts) {
    public SiteSettings {
        if (url != null && !url.endsWith("/")) {
            url = url + "/";
        }
    }

    public static SiteSettings defaults() {
        return new SiteSettings(null, false);
    }
}
