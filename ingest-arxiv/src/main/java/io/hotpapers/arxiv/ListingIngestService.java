package io.hotpapers.arxiv;

import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current arXiv announcement for the configured categories, records its listings and fetches the
 * metadata of the listed papers. Running it twice for the same announcement changes nothing.
 */
public final class ListingIngestService {
    public static final String JOB = "listing";

    private static final Logger LOG = LoggerFactory.getLogger(ListingIngestService.class);

    private final ArxivClient client;
    private final PaperStore papers;
    private final IngestRunStore runs;
    private final MetadataFetcher metadata;

    public ListingIngestService(ArxivClient client, PaperStore papers, IngestRunStore runs, MetadataFetcher metadata) {
        this.client = client;
        this.papers = papers;
        this.runs = runs;
        this.metadata = metadata;
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
        long runId = runs.start(JOB, scope);
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            Result result = ingest(feed, selection, runId, counts);
            runs.succeed(runId, counts);
            LOG.info("Listing {}: {} item(s), {} listing row(s), {} paper(s) fetched, {} skipped", scope,
                    result.items(), result.listings(), result.papersStored(), result.skipped());
            return result;
        } catch (RuntimeException e) {
            runs.fail(runId, counts, e.getMessage());
            throw e;
        }
    }

    private Result ingest(ListingFeed feed, CategorySelection selection, long runId, Map<String, Long> counts) {
        counts.put("items", (long) feed.items().size());
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
        papers.recordListings(listings);
        counts.put("listings", (long) listings.size());
        MetadataFetcher.Result fetched = metadata.fetch(papers.needingMetadata(listed));
        skipped.addAll(fetched.skipped());
        counts.put("papers", (long) fetched.stored());
        counts.put("skipped", (long) skipped.size());
        runs.recordSkips(runId, skipped);
        return new Result(feed.mailingDate(), true, feed.items().size(), listings.size(), fetched.stored(),
                skipped.size());
    }
}
