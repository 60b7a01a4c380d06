package io.hotpapers.core.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.files.AtomicFileWriter;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.trends.TrendsQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the digest of a mailing date: ranks its papers at the cutoff, stores the digest and writes the chosen
 * files. The same data and cutoff give byte-identical files: a digest identical to a stored one keeps its
 * generation time.
 */
public final class DigestService {
    /**
     * JSON values equal when they are equal, or are integers of equal value: a stored count reads back as the
     * narrowest integer node that holds it, while a count just ranked is a long node.
     */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (stored, ranked) ->
            stored.equals(ranked) || (stored.isIntegralNumber() && ranked.isIntegralNumber()
                    && stored.bigIntegerValue().equals(ranked.bigIntegerValue())) ? 0 : 1;

    private final DigestQuery query;
    private final DigestStore store;
    private final Clock clock;
    /** The stored form of a digest (parameters and entries) is that of the JSON document. */
    private final JsonRenderer json;
    private final DigestRenderers renderers;
    private final TrendsQuery trends;

    /** For X alone, with the renderers hotpapers ships ({@link DigestRenderers#standard}). */
    public DigestService(DigestQuery query, DigestStore store, TrendsQuery trends, ObjectMapper mapper,
                         DigestStyle style, String siteUrl, Clock clock) {
        this(query, store, trends, mapper, style, siteUrl, clock, SourceRenderers.X_ONLY);
    }

    /** With the renderers hotpapers ships, rendering the given sources' lines, counts and embeds. */
    public DigestService(DigestQuery query, DigestStore store, TrendsQuery trends, ObjectMapper mapper,
                         DigestStyle style, String siteUrl, Clock clock, SourceRenderers sources) {
        this(query, store, trends, new JsonRenderer(mapper, style, sources),
                DigestRenderers.standard(mapper, style, siteUrl, sources), clock);
    }

    public DigestService(DigestQuery query, DigestStore store, TrendsQuery trends, JsonRenderer json,
                         DigestRenderers renderers, Clock clock) {
        this.query = query;
        this.trends = trends;
        this.store = store;
        this.clock = clock;
        this.json = json;
        this.renderers = renderers;
    }

    /** The digest and the files written for it. */
    public record Written(Digest digest, List<Path> files) {
        public Written {
            files = List.copyOf(files);
        }
    }

    /**
     * Ranks, stores and writes the digest of a mailing date.
     *
     * @param asOf the engagement cutoff, or {@code null} for now
     */
    public Written write(LocalDate date, DigestParameters parameters, Instant asOf, Set<DigestFormat> formats,
                         Path directory) {
        return write(date, parameters, asOf, formats, directory, false);
    }

    /** As {@link #write(LocalDate, DigestParameters, Instant, Set, Path)}, with sparklines in the post if asked. */
    public Written write(LocalDate date, DigestParameters parameters, Instant asOf, Set<DigestFormat> formats,
                         Path directory, boolean withTrends) {
        Digest made = make(date, parameters, asOf);
        Digest digest = withTrends ? new Digest(made.mailingDate(), made.generatedAt(), made.cutoff(),
                made.parameters(), made.listed(), made.entries(), sparklines(made), made.missingMetadata()) : made;
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (DigestRenderer renderer : renderers.of(formats)) {
                if (renderer instanceof DigestRenderer.PerDate file) {
                    files.add(AtomicFileWriter.write(directory.resolve(file.fileName(date)), file.render(digest)));
                } else if (renderer instanceof DigestRenderer.Recent feed) {
                    files.add(rewrite(feed, directory));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the digest into " + directory + ": " + e.getMessage(), e);
        }
        return new Written(digest, files);
    }

    /**
     * The cutoff of the latest stored digest of the date made with these parameters (the daemon's, or the last
     * {@code digest --date}), so that the same digest can be made again; empty when none is stored.
     */
    public Optional<Instant> latestCutoff(LocalDate date, DigestParameters parameters) {
        JsonNode wanted = json.parameters(parameters);
        return store.latest(date, wanted).map(StoredDigest::cutoff);
    }

    /** Ranks the date at the cutoff and stores the result. */
    public Digest make(LocalDate date, DigestParameters parameters, Instant asOf) {
        Instant cutoff = (asOf == null ? clock.instant() : asOf).truncatedTo(ChronoUnit.SECONDS);
        Digest ranked = new Digest(date, cutoff, cutoff, parameters, query.listedCount(date, parameters),
                query.rank(date, cutoff, parameters), Map.of());
        JsonNode parametersJson = json.parameters(parameters);
        JsonNode entriesJson = json.entries(ranked);
        Instant generatedAt = store.find(date, cutoff, parametersJson)
                .filter(stored -> stored.entries().equals(NUMBERS_BY_VALUE, entriesJson))
                .map(StoredDigest::generatedAt)
                .orElse(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        store.save(new StoredDigest(date, cutoff, parametersJson, generatedAt, entriesJson));
        store.recordStaleCounts(date, cutoff, parametersJson, ranked.staleCounts());
        return new Digest(date, generatedAt, cutoff, parameters, ranked.listed(), ranked.entries(), Map.of(),
                query.missingMetadata(date, parameters));
    }

    /** Each paper's score per capture hour from its mailing date to the cutoff, as a sparkline. */
    private Map<String, String> sparklines(Digest digest) {
        Instant announced = ZonedDateTime.of(digest.mailingDate(), LocalTime.MIDNIGHT, MailingDates.ZONE).toInstant();
        Map<String, String> lines = new LinkedHashMap<>();
        for (DigestEntry entry : digest.entries()) {
            List<Long> scores = trends.series(entry.paper().arxivId(), announced).stream()
                    .filter(point -> !point.hour().isAfter(digest.cutoff()))
                    .map(TrendsQuery.SeriesPoint::score)
                    .toList();
            Sparkline.of(scores).ifPresent(line -> lines.put(entry.paper().arxivId(), line));
        }
        return lines;
    }

    /** A feed from the latest stored digests. */
    private Path rewrite(DigestRenderer.Recent feed, Path directory) throws IOException {
        return AtomicFileWriter.write(directory.resolve(feed.fileName()), feed.render(store.recent(feed.size())));
    }

    /** What {@link #delete} removed: stored rows, files, and the feeds rewritten without the date. */
    public record Deleted(int storedDigests, List<Path> files, List<Path> rewrittenFeeds) {
        public Deleted {
            files = List.copyOf(files);
            rewrittenFeeds = List.copyOf(rewrittenFeeds);
        }

        /** Whether there was anything to delete. */
        public boolean any() {
            return storedDigests > 0 || !files.isEmpty();
        }
    }

    /**
     * Removes a mailing date's stored digests and its files in {@code directory} (post, JSON), and rewrites the
     * feeds there (those that exist) from the digests that remain.
     */
    public Deleted delete(LocalDate date, Path directory) {
        int stored = store.delete(date);
        List<Path> removed = new ArrayList<>();
        List<Path> rewritten = new ArrayList<>();
        try {
            for (DigestRenderer renderer : renderers.all()) {
                if (renderer instanceof DigestRenderer.PerDate file) {
                    Path path = directory.resolve(file.fileName(date));
                    if (Files.deleteIfExists(path)) {
                        removed.add(path);
                    }
                } else if (renderer instanceof DigestRenderer.Recent feed
                        && Files.exists(directory.resolve(feed.fileName()))) {
                    rewritten.add(rewrite(feed, directory));
                }
            }
            return new Deleted(stored, removed, rewritten);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the digest files in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every stored digest, newest first, at most {@code limit}. */
    public List<StoredDigest> stored(int limit) {
        return store.list(limit);
    }

    /** Whether a digest of the date has been stored. */
    public boolean hasDigest(LocalDate date) {
        return store.latest(date).isPresent();
    }

    /** The date and stale counts of the latest digest (see {@link Digest#staleCounts()}). */
    public Optional<Map.Entry<LocalDate, Integer>> latestStaleCounts() {
        return store.latestStaleCounts();
    }

    /** The most recent stored digest of any date, for {@code status}. */
    public Optional<StoredDigest> latest() {
        List<StoredDigest> recent = store.recent(1);
        return recent.stream().findFirst();
    }
}
