package io.hotpapers.scheduler.site;

import static io.hotpapers.core.db.internal.ResultSets.instant;
import static io.hotpapers.core.db.internal.ResultSets.saturatedLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.StoredDigest;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.trends.TrendsQuery;
import java.time.Instant;
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
    /** Series are read for this many papers per statement. */
    private static final int BATCH = 500;

    private final Jdbi jdbi;
    private final DigestStore digests;
    private final DigestQuery digestQuery;
    private final TrendsQuery trends;

    public SiteQuery(Jdbi jdbi, DigestStore digests, DigestQuery digestQuery, TrendsQuery trends) {
        this.jdbi = jdbi;
        this.digests = digests;
        this.digestQuery = digestQuery;
        this.trends = trends;
    }

    /** The latest stored digest of every mailing date, newest first. */
    public List<StoredDigest> digests() {
        return digests.recent(MAX_DIGESTS);
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

    /** Per paper, per source (in id order), its curve oldest first. */
    public Map<String, Map<String, List<CurvePoint>>> curves(List<String> arxivIds) {
        Map<String, Map<String, List<CurvePoint>>> curves = new HashMap<>();
        for (List<String> batch : batches(arxivIds)) {
            jdbi.useHandle(handle -> handle.createQuery("""
                            SELECT arxiv_id, source, hour, score, posts FROM paper_source_engagement_series
                            WHERE arxiv_id = ANY (:ids) ORDER BY arxiv_id, source, hour
                            """)
                    .bindArray("ids", String.class, batch)
                    .map((rows, context) -> Map.entry(rows.getString("arxiv_id") + " " + rows.getString("source"),
                            new CurvePoint(instant(rows, "hour"), saturatedLong(rows, "score"), rows.getLong("posts"))))
                    .forEach(point -> {
                        String[] key = point.getKey().split(" ", 2);
                        curves.computeIfAbsent(key[0], id -> new TreeMap<>())
                                .computeIfAbsent(key[1], source -> new ArrayList<>()).add(point.getValue());
                    }));
        }
        return curves;
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
