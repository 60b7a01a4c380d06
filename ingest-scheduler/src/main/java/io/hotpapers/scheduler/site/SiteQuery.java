package io.hotpapers.scheduler.site;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.saturatedLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.StoredDigest;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.core.watch.WatchlistStore;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** What the web site reads from the database: stored digests, per-paper engagement and per-category days. */
public final class SiteQuery {
    /** More mailing dates than hotpapers will ever hold: about 250 a year. */
    static final int MAX_DIGESTS = 100_000;
    /** The most recent mailing dates of each watchlist the site shows. */
    static final int WATCHLIST_DATES = 60;
    /** Series are read for this many papers per statement. */
    private static final int BATCH = 500;

    private final Jdbi jdbi;
    private final DigestStore digests;
    private final DigestQuery digestQuery;
    private final TrendsQuery trends;
    private final WatchlistStore watchlists;
    private final ObjectMapper json = new ObjectMapper();

    /** A query for a site without watchlists. */
    public SiteQuery(Jdbi jdbi, DigestStore digests, DigestQuery digestQuery, TrendsQuery trends) {
        this(jdbi, digests, digestQuery, trends, null);
    }

    /** @param watchlists the watchlists whose digests get a section of the site, or {@code null} for none */
    public SiteQuery(Jdbi jdbi, DigestStore digests, DigestQuery digestQuery, TrendsQuery trends,
                     WatchlistStore watchlists) {
        this.jdbi = jdbi;
        this.digests = digests;
        this.digestQuery = digestQuery;
        this.trends = trends;
        this.watchlists = watchlists;
    }

    /** A watchlist and its latest digest of each of its most recent dates, newest first. */
    public record Watched(Watchlist watchlist, List<StoredDigest> digests) {
        public Watched {
            digests = List.copyOf(digests);
        }
    }

    /**
     * Each watchlist with its latest digest of each of its {@link #WATCHLIST_DATES} most recent mailing dates,
     * by name; removed watchlists are not shown (their digests stay stored).
     */
    public List<Watched> watchlists() {
        if (watchlists == null) {
            return List.of();
        }
        List<Watchlist> all = watchlists.all();
        Map<String, List<StoredDigest>> byName = new HashMap<>();
        if (!all.isEmpty()) {
            jdbi.useHandle(handle -> handle.createQuery("""
                            SELECT watchlist, mailing_date, cutoff, parameters::text AS parameters, generated_at,
                                   entries::text AS entries
                            FROM (
                                SELECT latest.*, row_number() OVER (PARTITION BY watchlist
                                                                    ORDER BY mailing_date DESC) AS nth
                                FROM (
                                    SELECT DISTINCT ON (watchlist, mailing_date) * FROM digests
                                    WHERE watchlist = ANY (:names)
                                    ORDER BY watchlist, mailing_date DESC, generated_at DESC, digest_id DESC
                                ) latest
                            ) numbered
                            WHERE nth <= :dates
                            ORDER BY watchlist, mailing_date DESC
                            """)
                    .bindArray("names", String.class, all.stream().map(Watchlist::name).toList())
                    .bind("dates", WATCHLIST_DATES)
                    .map((rows, context) -> Map.entry(rows.getString("watchlist"),
                            new StoredDigest(rows.getObject("mailing_date", LocalDate.class), instant(rows, "cutoff"),
                                    tree(rows.getString("parameters")), instant(rows, "generated_at"),
                                    tree(rows.getString("entries")))))
                    .forEach(row -> byName.computeIfAbsent(row.getKey(), name -> new ArrayList<>())
                            .add(row.getValue())));
        }
        return all.stream().map(watchlist -> new Watched(watchlist,
                byName.getOrDefault(watchlist.name(), List.of()))).toList();
    }

    /** The latest stored digest of every mailing date, newest first. */
    public List<StoredDigest> digests() {
        return digests.recent(MAX_DIGESTS);
    }

    /**
     * Which row holds the latest digest of each mailing date, newest first, and its row version ({@code xmin}
     * changes whenever the row is rewritten): what a process that read the digests before needs to read again.
     */
    public List<DigestVersion> digestVersions() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT mailing_date, digest_id, xmin::text AS version FROM (
                            SELECT DISTINCT ON (mailing_date) mailing_date, digest_id, xmin FROM digests
                            WHERE watchlist = ''
                            ORDER BY mailing_date DESC, generated_at DESC, digest_id DESC
                        ) latest
                        ORDER BY mailing_date DESC LIMIT :dates
                        """)
                .bind("dates", MAX_DIGESTS)
                .map((rows, context) -> new DigestVersion(rows.getObject("mailing_date", LocalDate.class),
                        rows.getLong("digest_id") + "@" + rows.getString("version")))
                .list());
    }

    /** The stored digests of these row versions ({@link DigestVersion#version()}), by version. */
    public Map<String, StoredDigest> digests(List<String> versions) {
        List<Long> ids = versions.stream().map(version -> Long.parseLong(version.substring(0, version.indexOf('@'))))
                .toList();
        Map<String, StoredDigest> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT digest_id, xmin::text AS version, mailing_date, cutoff, parameters::text AS parameters,
                               generated_at, entries::text AS entries
                        FROM digests WHERE digest_id = ANY (:ids)
                        """)
                .bindArray("ids", Long.class, ids)
                .map((rows, context) -> Map.entry(rows.getLong("digest_id") + "@" + rows.getString("version"),
                        new StoredDigest(rows.getObject("mailing_date", LocalDate.class), instant(rows, "cutoff"),
                                tree(rows.getString("parameters")), instant(rows, "generated_at"),
                                tree(rows.getString("entries")))))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue())));
        return found;
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row version of a mailing date's latest digest: its id and {@code xmin}. */
    public record DigestVersion(LocalDate mailingDate, String version) {
    }

    /** One point of a source's curve: its reposts + likes and its posts at the end of an hour. */
    public record CurvePoint(Instant hour, long engagement, long posts) {
    }

    /**
     * Per paper, a short text that changes whenever its engagement does (each source's latest totals and the time
     * of its latest snapshot); papers without posts are absent.
     */
    public Map<String, String> engagementFingerprints(List<String> arxivIds) {
        Map<String, StringBuilder> prints = new HashMap<>();
        for (List<String> batch : batches(arxivIds)) {
            jdbi.useHandle(handle -> handle.createQuery("""
                            SELECT arxiv_id, source, reposts, likes, replies, quotes, posts, last_snapshot_at
                            FROM paper_source_latest WHERE arxiv_id = ANY (:ids) ORDER BY arxiv_id, source
                            """)
                    .bindArray("ids", String.class, batch)
                    .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getString("source") + ":"
                            + rows.getString("reposts") + "," + rows.getString("likes") + ","
                            + rows.getString("replies") + "," + rows.getString("quotes") + ","
                            + rows.getLong("posts") + "," + instant(rows, "last_snapshot_at") + ";"))
                    .forEach(part -> prints.computeIfAbsent(part.getKey(), id -> new StringBuilder())
                            .append(part.getValue())));
        }
        Map<String, String> result = new HashMap<>();
        prints.forEach((id, print) -> result.put(id, print.toString()));
        return result;
    }

    /**
     * Per paper, per source (in id order), its curve oldest first: the rows of the view
     * {@code paper_source_engagement_series} (a running sum over the hourly rollup {@code paper_source_hourly}, so
     * one row per hour rather than every snapshot of every post): at the end of each hour (UTC) in which one of the
     * source's posts linking the paper was captured, the sum of reposts + likes of those posts, each carried forward
     * from its latest snapshot, a post counting until it is gone; bots' posts count nowhere and hours in which no
     * post counts have no point. Papers without such points are absent.
     */
    public Map<String, Map<String, List<CurvePoint>>> curves(List<String> arxivIds) {
        Map<String, Map<String, List<CurvePoint>>> curves = new HashMap<>();
        for (List<String> batch : batches(arxivIds)) {
            jdbi.useHandle(handle -> handle.createQuery("""
                            SELECT arxiv_id, source, hour, score, posts FROM paper_source_engagement_series
                            WHERE arxiv_id = ANY (:ids)
                            ORDER BY arxiv_id, source, hour
                            """)
                    .bindArray("ids", String.class, batch)
                    .map((row, context) -> new CurveRow(row.getString("arxiv_id"), row.getString("source"),
                            new CurvePoint(instant(row, "hour"), saturatedLong(row, "score"), row.getLong("posts"))))
                    .forEach(row -> curves.computeIfAbsent(row.arxivId(), id -> new TreeMap<>())
                            .computeIfAbsent(row.source(), source -> new ArrayList<>())
                            .add(row.point())));
        }
        return curves;
    }

    private record CurveRow(String arxivId, String source, CurvePoint point) {
    }

    /** Engagement per category and mailing date over the {@code days} days before {@code until}, oldest first. */
    public List<TrendsQuery.CategoryDay> categoryDays(int days, Instant until) {
        return trends.categories(days, until);
    }

    /** The papers the digest's date listed for its parameters, or empty when the parameters cannot be read. */
    public Optional<Listed> listed(SiteDigest digest) {
        return parameters(digest.parameters()).map(parameters -> new Listed(
                digestQuery.listedCount(digest.mailingDate(), parameters),
                digestQuery.missingMetadata(digest.mailingDate(), parameters)));
    }

    /** How many papers a digest's date listed, and those whose metadata is owed. */
    public record Listed(int count, List<String> missingMetadata) {
        public Listed {
            missingMetadata = List.copyOf(missingMetadata);
        }
    }

    static Optional<DigestParameters> parameters(JsonNode stored) {
        try {
            List<String> categories = new ArrayList<>();
            stored.path("categories").forEach(category -> categories.add(category.asText()));
            Set<AnnounceType> types = EnumSet.noneOf(AnnounceType.class);
            stored.path("announceTypes").forEach(type -> types.add(AnnounceType.fromWireName(type.asText())));
            return Optional.of(new DigestParameters(categories, types, stored.path("minScore").asInt(),
                    stored.path("limit").asInt(), stored.path("tweetMinScore").asInt(),
                    stored.path("maxTweets").asInt(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<List<String>> batches(List<String> ids) {
        List<String> sorted = ids.stream().sorted().distinct().toList();
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += BATCH) {
            batches.add(sorted.subList(from, Math.min(sorted.size(), from + BATCH)));
        }
        return batches;
    }
}
