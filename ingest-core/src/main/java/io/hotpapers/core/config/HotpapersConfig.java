package io.hotpapers.core.config;

import io.hotpapers.core.post.RefreshPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration, built once at startup by {@link ConfigLoader} and passed down.
 *
 * @param contact how API operators can reach the person running hotpapers (e-mail or URL), or {@code null}
 * @param maxResponseBytes the largest API response hotpapers reads
 * @param maxWait the longest wait for a rate-limit reset or {@code Retry-After}; longer ones fail the round
 * @param activeDays how many days after its mailing date a paper is searched for new posts
 * @param refreshPolicy how often tracked posts' metrics are re-read, by paper age ({@code HOTPAPERS_REFRESH_SCHEDULE})
 * @param huggingFace Hugging Face's endpoint, optional token and politeness (source {@code huggingface})
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
        RefreshPolicy refreshPolicy,
        ArxivSettings arxiv,
        XSettings x,
        BlueskySettings bluesky,
        HackerNewsSettings hackerNews,
        HuggingFaceSettings huggingFace,
        DigestSettings digest,
        DaemonSettings daemon,
        DeliverySettings delivery,
        List<String> sources,
        SiteSettings site) {

    public HotpapersConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(refreshPolicy, "refreshPolicy");
        Objects.requireNonNull(arxiv, "arxiv");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(bluesky, "bluesky");
        Objects.requireNonNull(hackerNews, "hackerNews");
        Objects.requireNonNull(huggingFace, "huggingFace");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(delivery, "delivery");
        categories = List.copyOf(categories);
        sources = List.copyOf(sources);
        Objects.requireNonNull(site, "site");
    }

    /** Every secret configured (tokens, passwords): what error texts and logs must never show. */
    public List<Secret> secrets() {
        List<Secret> secrets = new ArrayList<>();
        x.token().ifPresent(secrets::add);
        huggingFace.optionalToken().ifPresent(secrets::add);
        if (bluesky.appPassword() != null) {
            secrets.add(bluesky.appPassword());
        }
        secrets.addAll(delivery.secrets());
        if (database instanceof DatabaseSettings.External external && external.password() != null) {
            secrets.add(external.password());
        }
        return List.copyOf(secrets);
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
                refreshPolicy, arxiv, x, bluesky, hackerNews, huggingFace, digest, daemon, delivery, sources, site);
    }
}
