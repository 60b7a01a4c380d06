package io.hotpapers.core.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestRenderers;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.JsonRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.run.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a watchlist's daily digest with the daily digest's parts: the same ranking restricted to the watchlist's
 * papers (at its own minimum score), the same renderers titled "… — watchlist NAME", stored apart from the daily
 * digest, written into {@code <digest directory>/watch/<name>/}.
 */
public final class WatchlistDigests {
    /** The directory under the digest directory that holds one directory per watchlist. */
    public static final String DIRECTORY = "watch";
    /** The most missing dates looked at per watchlist: those of the catch-up window (a week and a day). */
    private static final int MAX_CATCH_UP_DATES = 8;

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistDigests.class);

    private final WatchlistStore watchlists;
    private final DigestQuery query;
    private final DigestStore store;
    private final TrendsQuery trends;
    private final ObjectMapper json;
    private final DigestStyle style;
    private final String siteUrl;
    private final SourceRenderers sources;
    private final Clock clock;

    /**
     * @param store the daily digests' store: each watchlist gets its own view of the table
     * @param siteUrl where the digest posts are published ({@code DIGEST_SITE_URL}), or {@code null}
     */
    public WatchlistDigests(WatchlistStore watchlists, DigestQuery query, DigestStore store, TrendsQuery trends,
                            ObjectMapper json, DigestStyle style, String siteUrl, SourceRenderers sources, Clock clock) {
        this.watchlists = watchlists;
        this.query = query;
        this.store = store;
        this.trends = trends;
        this.json = json;
        this.style = style;
        this.siteUrl = siteUrl;
        this.sources = sources;
        this.clock = clock;
    }

    /** The stored watchlists. */
    public WatchlistStore watchlists() {
        return watchlists;
    }

    /** A watchlist's digest as written, with the watchlist it is of. */
    public record Made(Watchlist watchlist, DigestService.Written written) {
    }

    /**
     * Writes every watchlist's digest of the date at the daily digest's cutoff (every format, into
     * {@code <digest directory>/watch/<name>/}). A watchlist that fails is logged and skipped: the others are
     * still written, and the failed one is made again by the next digest run or {@code digest --watchlist}.
     */
    public List<Made> writeAll(LocalDate date, DigestParameters daily, Instant cutoff, Path digestDirectory,
                               StopSignal stop) {
        List<Made> made = new ArrayList<>();
        for (Watchlist watchlist : watchlists.all()) {
            if (stop.isRequested()) {
                LOG.info("Watchlist digests of {} stopped after {} watchlist(s): the process stops", date, made.size());
                break;
            }
            try {
                DigestService.Written written = service(watchlist).write(date, parameters(daily, watchlist), cutoff,
                        EnumSet.allOf(DigestFormat.class), directory(digestDirectory, watchlist.name()));
                LOG.info("Digest of {} for watchlist {} written: {} paper(s)", date, watchlist.name(),
                        written.digest().entries().size());
                made.add(new Made(watchlist, written));
            } catch (RuntimeException e) {
                LOG.warn("Digest of {} for watchlist {} failed, the other watchlists go on: {}", date,
                        watchlist.name(), e.toString());
            }
        }
        return made;
    }

    /**
     * Makes again the watchlist digests that are missing beside a daily digest of the last days: not stored (the
     * ranking failed), or stored but without its JSON file (the writing failed), or a process stopped between the
     * daily digest and its watchlists. Each watchlist's oldest missing date, at most one per watchlist and call, at
     * that date's daily cutoff; dates whose daily digest was not made with {@code daily} (a digest by hand only) are
     * passed over.
     *
     * @param from the first mailing date looked at
     * @param dailyCutoff the cutoff of the date's daily digest made with {@code daily}, if there is one
     */
    public List<Made> remakeMissing(LocalDate from, DigestParameters daily,
                                    Function<LocalDate, Optional<Instant>> dailyCutoff, Path digestDirectory,
                                    StopSignal stop) {
        Map<String, List<WatchlistStore.DailyDate>> dates = watchlists.dailyDates(from, MAX_CATCH_UP_DATES);
        if (dates.isEmpty()) {
            return List.of();
        }
        List<Made> made = new ArrayList<>();
        int missing = 0;
        int failed = 0;
        for (Watchlist watchlist : watchlists.all()) {
            if (stop.isRequested()) {
                break;
            }
            Path directory = directory(digestDirectory, watchlist.name());
            DigestStyle styled = style.forWatchlist(watchlist.name());
            Optional<Map.Entry<LocalDate, Instant>> due = dates.getOrDefault(watchlist.name(), List.of()).stream()
                    .filter(date -> !date.stored()
                            || !Files.exists(directory.resolve(new JsonRenderer(json, styled, sources)
                                    .fileName(date.date()))))
                    .flatMap(date -> dailyCutoff.apply(date.date()).map(cutoff -> Map.entry(date.date(), cutoff))
                            .stream())
                    .findFirst();
            if (due.isEmpty()) {
                continue;
            }
            missing++;
            LocalDate date = due.get().getKey();
            try {
                made.add(new Made(watchlist, service(watchlist).write(date, parameters(daily, watchlist),
                        due.get().getValue(), EnumSet.allOf(DigestFormat.class), directory)));
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("Missing digest of {} for watchlist {} failed again, the next round tries again: {}", date,
                        watchlist.name(), e.toString());
            }
        }
        if (missing > 0) {
            LOG.info("Watchlist digests missing since {}: {} made again{}, {} failed", from, made.size(),
                    made.isEmpty() ? "" : " (" + String.join(", ", made.stream().map(one -> one.watchlist().name()
                            + " " + one.written().digest().mailingDate()).toList()) + ")", failed);
        }
        return made;
    }

    /** The digest service of one watchlist: its papers, its titles, its stored digests and feed. */
    public DigestService service(Watchlist watchlist) {
        DigestStyle styled = style.forWatchlist(watchlist.name());
        return new DigestService(query.matching(new WatchlistMatcher(watchlist)::matches),
                store.forWatchlist(watchlist.name()), trends, new JsonRenderer(json, styled, sources),
                DigestRenderers.standard(json, styled, siteUrl(watchlist.name()), sources), clock);
    }

    /** The daily digest's parameters with the watchlist's minimum score. */
    public static DigestParameters parameters(DigestParameters daily, Watchlist watchlist) {
        return new DigestParameters(daily.categories(), daily.announceTypes(), (int) watchlist.minScore(),
                daily.limit(), daily.tweetMinScore(), daily.maxTweets());
    }

    /** Where a watchlist's files go: {@code <digest directory>/watch/<name>}. */
    public static Path directory(Path digestDirectory, String name) {
        if (!Watchlist.isName(name)) {
            throw new IllegalArgumentException("not a watchlist name");
        }
        return digestDirectory.resolve(DIRECTORY).resolve(name);
    }

    /** Where a watchlist's posts are published, beside the daily ones; {@code null} when the site is not set. */
    public static String siteUrl(String siteUrl, String name) {
        return siteUrl == null ? null : siteUrl.replaceAll("/+$", "") + "/" + DIRECTORY + "/" + name + "/";
    }

    private String siteUrl(String name) {
        return siteUrl(siteUrl, name);
    }
}
