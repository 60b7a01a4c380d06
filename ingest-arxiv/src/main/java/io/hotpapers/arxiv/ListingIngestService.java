package io.hotpapers.arxiv;

import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.paper.MetadataAttempts;
import io.hotpapers.core.paper.MetadataRetryPolicy;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunCounts;
import io.hotpapers.core.run.Skip;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current arXiv announcement for the configured categories, records its listings and fetches the
 * metadata of the listed papers. Running it twice for the same announcement changes nothing.
 */
public final class ListingIngestService {
    public static final String JOB = "listing";
    /** The {@code ingest_runs} job of a retry of owed metadata. */
    public static final String OWED_JOB = "owed-metadata";
    /** The most owed ids one run asks for: after a long outage the rest follow in the next runs. */
    static final int MAX_OWED_PER_RUN = 20_000;
    private static final String GIVEN_UP = "kept as a permanent skip";

    private static final Logger LOG = LoggerFactory.getLogger(ListingIngestService.class);

    private final ArxivClient client;
    private final PaperStore papers;
    private final ListingStore listings;
    private final MetadataAttemptStore attempts;
    private final IngestRunStore runs;
    private final MetadataFetcher metadata;
    private final MetadataRetryPolicy retryPolicy;

    public ListingIngestService(ArxivClient client, PaperStore papers, ListingStore listings,
                                MetadataAttemptStore attempts, IngestRunStore runs, MetadataFetcher metadata) {
        this(client, papers, listings, attempts, runs, metadata, MetadataRetryPolicy.standard());
    }

    public ListingIngestService(ArxivClient client, PaperStore papers, ListingStore listings,
                                MetadataAttemptStore attempts, IngestRunStore runs, MetadataFetcher metadata,
                                MetadataRetryPolicy retryPolicy) {
        this.client = client;
        this.papers = papers;
        this.listings = listings;
        this.attempts = attempts;
        this.runs = runs;
        this.metadata = metadata;
        this.retryPolicy = retryPolicy;
    }

    /**
     * What one ingestion found.
     *
     * @param announced false on weekends and holidays, when the feed has no items
     */
    public record Result(LocalDate mailingDate, boolean announced, int items, int listings, int papersStored,
                         int skipped) {
    }

    /** Ingests the announcement the listing feed currently shows. */
    public Result ingestLatest(CategorySelection selection) {
        ListingFeed feed = client.latestListing(selection.configured());
        String scope = feed.mailingDate() + " " + selection.key();
        Result result = runs.track(JOB, scope, counts -> ingest(feed, selection, counts));
        LOG.info("Listing {}: {} item(s), {} listing row(s), {} paper(s) fetched, {} skipped", scope,
                result.items(), result.listings(), result.papersStored(), result.skipped());
        return result;
    }

    private Result ingest(ListingFeed feed, CategorySelection selection, RunCounts counts) {
        counts.put("items", feed.items().size());
        if (!feed.isAnnouncement()) {
            LOG.info("No arXiv announcement for {} (weekend or holiday)", feed.mailingDate());
            return new Result(feed.mailingDate(), false, 0, 0, 0, 0);
        }
        List<Skip> skipped = new ArrayList<>(feed.skipped());
        List<Listing> listings = new ArrayList<>();
        List<ArxivId> listed = new ArrayList<>();
        for (ListingItem item : feed.items()) {
            List<Listing> rows = selection.listings(feed.mailingDate(), item.id().id(), item.categories(),
                    item.announceType());
            if (rows.isEmpty()) {
                skipped.add(new Skip(item.id().id(), "none of its categories " + item.categories()
                        + " is configured"));
                continue;
            }
            listings.addAll(rows);
            listed.add(item.id());
        }
        this.listings.record(listings);
        counts.put("listings", listings.size());
        // ids arXiv did not return before wait for their next attempt: a feed read again does not use them up
        List<String> due = attempts.due(papers.needingMetadata(listed));
        MetadataFetcher.Result fetched = metadata.fetch(due);
        skipped.addAll(withAttempts(due, fetched.skipped()));
        counts.put("papers", fetched.stored());
        counts.put("skipped", skipped.size());
        runs.recordSkips(counts.runId(), skipped);
        return new Result(feed.mailingDate(), true, feed.items().size(), listings.size(), fetched.stored(),
                skipped.size());
    }

    /** What a retry of owed metadata did. */
    public record OwedResult(int asked, int fetched, int stillOwed, int givenUp) {
        static final OwedResult NOTHING = new OwedResult(0, 0, 0, 0);
    }

    /**
     * Asks again for the metadata of listed papers that still lack it and are due (failed fetches, and ids arXiv
     * did not return, spaced by the retry policy), at most {@value #MAX_OWED_PER_RUN}; a failure is recorded and
     * leaves the work owed for the next run.
     */
    public OwedResult retryOwed(CategorySelection selection) {
        List<String> owed = attempts.owed(selection.configured(), MAX_OWED_PER_RUN);
        if (owed.isEmpty()) {
            return OwedResult.NOTHING;
        }
        LOG.info("Asking again for the metadata of {} listed paper(s) that lack it", owed.size());
        try {
            return runs.track(OWED_JOB, selection.key(), counts -> {
                counts.put("asked", owed.size());
                MetadataFetcher.Result fetched = metadata.fetch(owed);
                List<Skip> skipped = withAttempts(owed, fetched.skipped());
                int givenUp = (int) skipped.stream().filter(skip -> skip.reason().contains(GIVEN_UP)).count();
                counts.put("papers", fetched.stored());
                counts.put("still_owed", skipped.size() - givenUp);
                counts.put("given_up", givenUp);
                runs.recordSkips(counts.runId(), skipped);
                LOG.info("Owed metadata: {} asked, {} fetched, {} still owed, {} given up", owed.size(),
                        fetched.stored(), skipped.size() - givenUp, givenUp);
                return new OwedResult(owed.size(), fetched.stored(), skipped.size() - givenUp, givenUp);
            });
        } catch (RuntimeException e) {
            LOG.warn("Owed metadata not fetched ({}); {} paper(s) stay owed for the next run", runs.errorText().of(e),
                    owed.size());
            return new OwedResult(owed.size(), 0, owed.size(), 0);
        }
    }

    /** Records an attempt for every id that came back without metadata; the skip's reason says what comes next. */
    private List<Skip> withAttempts(List<String> asked, List<Skip> skipped) {
        Set<String> askedIds = Set.copyOf(asked);
        Map<String, String> reasons = new LinkedHashMap<>();
        skipped.stream().filter(skip -> askedIds.contains(skip.item()))
                .forEach(skip -> reasons.putIfAbsent(skip.item(), skip.reason()));
        Map<String, MetadataAttempts> recorded = new LinkedHashMap<>();
        attempts.recordMissing(reasons, retryPolicy).forEach(state -> recorded.put(state.arxivId(), state));
        List<Skip> described = new ArrayList<>();
        for (Skip skip : skipped) {
            MetadataAttempts state = recorded.get(skip.item());
            described.add(state == null ? skip : new Skip(skip.item(), skip.reason() + " (" + next(state) + ")"));
        }
        return described;
    }

    private String next(MetadataAttempts state) {
        return state.givenUp()
                ? "attempt " + state.attempts() + " of " + retryPolicy.maxAttempts() + ", " + GIVEN_UP
                : "attempt " + state.attempts() + " of " + retryPolicy.maxAttempts() + ", next after "
                        + state.nextAttemptAt();
    }
}
