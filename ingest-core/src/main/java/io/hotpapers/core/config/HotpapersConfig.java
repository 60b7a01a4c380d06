package io.hotpapers.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration, built once at startup by {@link ConfigLoader} and passed down.
 *
 * @param contact how API operators can reach the person running hotpapers (e-mail or URL), or {@code null}
 * @param maxResponseBytes the largest API response hotpapers reads
 * @param maxWait the longest wait for a rate-limit reset or {@code Retry-After}; longer ones fail the round
 * @param activeDays how many days after its mailing date a paper is searched for new posts
 * @param sources the ids of the enabled sources ({@code HOTPAPERS_SOURCES}), in the configured order
 * @param site how the web site ({@code hotpapers site}, the daemon's pages) looks and where it is published
 */
public record HotpapersConfig(
        Path home,
        String contact,
        long maxResponseBytes,
        Duration maxWait,
        DatabaseSettings database,
        List<String> categories,
        int activeDays,
        ArxivSettings arxiv,
        XSettings x,
        DigestSettings digest,
        DaemonSettings daemon,
        List<String> sources,
        SiteSettings site) {

    /** The configuration with the web site's defaults. */
    public HotpapersConfig(Path home, String contact, long maxResponseBytes, Duration maxWait, DatabaseSettings database,
                           List<String> categories, int activeDays, ArxivSettings arxiv, XSettings x,
                           DigestSettings digest, DaemonSettings daemon, List<String> sources) {
        this(home, contact, maxResponseBytes, maxWait, database, categories, activeDays, arxiv, x, digest, daemon,
                sources, SiteSettings.defaults());
    }

    public HotpapersConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(arxiv, "arxiv");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(daemon, "daemon");
        categories = List.copyOf(categories);
        sources = List.copyOf(sources);
        Objects.requireNonNull(site, "site");
    }

    /** Where digests are written unless a command says otherwise. */
    public Path digestDirectory() {
        return home.resolve("digests");
    }

    /** Where {@code hotpapers site} and the daemon write the web site unless told otherwise. */
    public Path siteDirectory() {
        return home.resolve("site");
    }

    /** A copy with other categories (for a command-line override). */
    public HotpapersConfig withCategories(List<String> otherCategories) {
        return new HotpapersConfig(home, contact, maxResponseBytes, maxWait, database, otherCategories, activeDays,
                arxiv, x, digest, daemon, sources, site);
    }
}
