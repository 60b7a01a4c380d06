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
    /** How many digests the Atom feed holds. */
    public static final int FEED_SIZE = 30;
    public static final String FEED_FILE = "feed.atom";

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
    private final JsonRenderer json;
    private final MarkdownRenderer markdown;
    private final AtomFeedRenderer atom;
    private final DigestStyle style;
    private final TrendsQuery trends;

    /** A service for X alone. */
    public DigestService(DigestQuery query, DigestStore store, TrendsQuery trends, ObjectMapper mapper,
                         DigestStyle style, String siteUrl, Clock clock) {
        this(query, store, trends, mapper, style, siteUrl, clock, SourceRenderers.X_ONLY);
    }

    /** A service rendering the given sources' lines, counts and embeds. */
    public DigestService(DigestQuery query, DigestStore store, TrendsQuery trends, ObjectMapper mapper,
                         DigestStyle style, String siteUrl, Clock clock, SourceRenderers renderers) {
        this.query = query;
        this.trends = trends;
        this.store = store;
        this.clock = clock;
        this.style = style;
        this.json = new JsonRenderer(mapper, style, renderers);
        this.markdown = new MarkdownRenderer(style, renderers);
        this.atom = new AtomFeedRenderer(style, siteUrl);
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
            if (formats.contains(DigestFormat.MD)) {
                files.add(AtomicFileWriter.write(directory.resolve(style.slug(date) + ".md"), markdown.render(digest)));
            }
            if (formats.contains(DigestFormat.JSON)) {
                files.add(AtomicFileWriter.write(directory.resolve(style.slug(date) + ".json"), json.render(digest)));
            }
            if (formats.contains(DigestFormat.ATOM)) {
                files.add(AtomicFileWriter.write(directory.resolve(FEED_FILE), atom.render(store.recent(FEED_SIZE))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the digest into " + directory + ": " + e.getMessage(), e);
        }
        return new Written(digest, files);
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

    /** What {@link #delete} removed: stored rows, files, and whether the feed was rewritten without the date. */
    public record Deleted(int storedDigests, List<Path> files, Optional<Path> rewrittenFeed) {
        public Deleted {
            files = List.copyOf(files);
        }

        /** Whether there was anything to delete. */
        public boolean any() {
            return storedDigests > 0 || !files.isEmpty();
        }
    }

    /**
     * Removes a mailing date's stored digests and its post and JSON in {@code directory}, and rewrites the Atom
     * feed there (if there is one) from the digests that remain.
     */
    public Deleted delete(LocalDate date, Path directory) {
        int stored = store.delete(date);
        List<Path> removed = new ArrayList<>();
        try {
            for (String extension : List.of(".md", ".json")) {
                Path file = directory.resolve(style.slug(date) + extension);
                if (Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
            Path feed = directory.resolve(FEED_FILE);
            if (!Files.exists(feed)) {
                return new Deleted(stored, removed, Optional.empty());
            }
            return new Deleted(stored, removed,
                    Optional.of(AtomicFileWriter.write(feed, atom.render(store.recent(FEED_SIZE)))));
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

    /** The most recent stored digest of any date, for {@code status}. */
    public Optional<StoredDigest> latest() {
        List<StoredDigest> recent = store.recent(1);
        return recent.stream().findFirst();
    }
}
