package io.hotpapers.arxiv;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.run.StoppedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests past mailing dates from the arXiv query API: for each date, one search over the submission window
 * the calendar derives, combining all configured categories, paged {@value ArxivClient#MAX_PAGE_SIZE} at a time.
 *
 * <p>Paging of one window ends at the last page, at a page that brings no id not already seen in this query, or
 * at {@value ArxivClient#MAX_QUERY_RESULTS} results (all the API serves for one query), whichever comes first, so
 * that a feed announcing {@code totalResults} of 2147483647 and repeating its pages costs two requests, not a
 * million; both early stops log a warning and are recorded as skips of the date's run.
 *
 * <p>Each date is one unit of work (one transaction, one {@code ingest_runs} checkpoint): interrupted and rerun,
 * a backfill does only the dates not yet done, and stores exactly what an uninterrupted run would. A requested
 * stop ({@link StopSignal}) takes effect between dates and between pages: the date in progress stores nothing
 * and its run is marked {@code interrupted}.
 */
public final class BackfillService {
    public static final String JOB = "backfill";
    /** arXiv's first announcement (hep-th): nothing was listed before it. */
    public static final LocalDate FIRST_ANNOUNCEMENT = LocalDate.of(1991, 8, 14);

    private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);

    private final ArxivClient client;
    private final MailingCalendar calendar;
    private final ListingStore listings;
    private final IngestRunStore runs;
    private final Clock clock;
    private final int pageSize;
    private final StopSignal stop;

    public BackfillService(ArxivClient client, MailingCalendar calendar, ListingStore listings, IngestRunStore runs,
                           Clock clock, int pageSize) {
        this(client, calendar, listings, runs, clock, pageSize, new StopSignal());
    }

    public BackfillService(ArxivClient client, MailingCalendar calendar, ListingStore listings, IngestRunStore runs,
                           Clock clock, int pageSize, StopSignal stop) {
        this.stop = stop;
        this.client = client;
        this.calendar = calendar;
        this.listings = listings;
        this.runs = runs;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** What happened to one mailing date. */
    public record DateResult(LocalDate mailingDate, boolean alreadyDone, int papers, int listings, int skipped) {
    }

    /** Told after each mailing date, for progress display. */
    @FunctionalInterface
    public interface Progress {
        void dateDone(DateResult result, int datesDone, int datesTotal, Duration elapsed);
    }

    /**
     * The whole backfill.
     *
     * @param completed the mailing dates finished (done now or before); fewer than {@code mailingDates} when a stop
     *                  was requested
     */
    public record Summary(int mailingDates, int completed, int alreadyDone, int papers, int listings, int skipped,
                          Duration elapsed) {
        /** Whether a stop ended the backfill before its last date. */
        public boolean interrupted() {
            return completed < mailingDates;
        }
    }

    /**
     * What a backfill would take, before it starts.
     *
     * @param dates the mailing dates in the range
     * @param toDo those not yet done (each one search request, more for dates over a page of papers)
     * @param atLeast the time the requests take at the politeness interval, at least
     */
    public record Estimate(int dates, int toDo, Duration atLeast) {
    }

    /** Estimates a backfill: the dates still to do, one request each, spaced by {@code minInterval}. */
    public Estimate estimate(LocalDate from, LocalDate to, CategorySelection selection, Duration minInterval) {
        List<LocalDate> dates = calendar.mailingDates(from, to);
        Set<String> done = runs.doneScopes(JOB, dates.stream().map(date -> date + " " + selection.key()).toList());
        int toDo = dates.size() - done.size();
        return new Estimate(dates.size(), toDo, minInterval.multipliedBy(toDo));
    }

    /** Backfills every mailing date from {@code from} to {@code to}; dates without a mailing are passed over. */
    public Summary backfill(LocalDate from, LocalDate to, CategorySelection selection, Progress progress) {
        if (from.isBefore(FIRST_ANNOUNCEMENT)) {
            throw new IllegalArgumentException(from + " is before arXiv's first announcement (" + FIRST_ANNOUNCEMENT
                    + ")");
        }
        Instant started = clock.instant();
        List<LocalDate> dates = calendar.mailingDates(from, to);
        int alreadyDone = 0;
        int paperCount = 0;
        int listingCount = 0;
        int skippedCount = 0;
        int completed = 0;
        for (int index = 0; index < dates.size() && !stop.isRequested(); index++) {
            DateResult result;
            try {
                result = backfillDate(dates.get(index), selection);
            } catch (StoppedException e) {
                break;
            }
            completed++;
            alreadyDone += result.alreadyDone() ? 1 : 0;
            paperCount += result.papers();
            listingCount += result.listings();
            skippedCount += result.skipped();
            progress.dateDone(result, index + 1, dates.size(), Duration.between(started, clock.instant()));
        }
        return new Summary(dates.size(), completed, alreadyDone, paperCount, listingCount, skippedCount,
                Duration.between(started, clock.instant()));
    }

    private DateResult backfillDate(LocalDate date, CategorySelection selection) {
        String scope = date + " " + selection.key();
        if (runs.isDone(JOB, scope)) {
            return new DateResult(date, true, 0, 0, 0);
        }
        try {
            return runs.track(JOB, scope, stop, counts -> {
                DateResult result = ingest(date, selection, counts.runId());
                counts.put("papers", result.papers());
                counts.put("listings", result.listings());
                counts.put("skipped", result.skipped());
                return result;
            });
        } catch (StoppedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (stop.isRequested()) {
                // a wait or request cut short by the stop: the date is redone, like one stopped between pages
                throw new StoppedException("backfill of " + date + " stopped");
            }
            throw e;
        }
    }

    private DateResult ingest(LocalDate date, CategorySelection selection, long runId) {
        SubmissionWindow window = calendar.window(date);
        String query = selection.apiQuery() + " AND (submittedDate:" + window.apiRange()
                + " OR lastUpdatedDate:" + window.apiRange() + ")";
        List<Skip> skipped = new ArrayList<>();
        Map<String, Paper> found = search(date, query, skipped);
        List<Paper> announced = new ArrayList<>();
        List<Listing> listings = new ArrayList<>();
        for (Paper paper : found.values()) {
            boolean replacement = !window.contains(paper.submittedAt());
            if (replacement && paper.latestVersion() < 2) {
                skipped.add(new Skip(paper.arxivId(), "returned by the window query but neither submitted "
                        + "nor replaced in the window"));
                continue;
            }
            List<Listing> rows = selection.listings(date, paper.arxivId(), paper.categories(),
                    replacement ? AnnounceType.REPLACE : AnnounceType.NEW);
            if (rows.isEmpty()) {
                skipped.add(new Skip(paper.arxivId(), "none of its categories " + paper.categories() + " is configured"));
                continue;
            }
            announced.add(paper);
            listings.addAll(rows);
        }
        this.listings.storeAnnouncement(announced, listings);
        runs.recordSkips(runId, skipped);
        return new DateResult(date, false, announced.size(), listings.size(), skipped.size());
    }

    /** Pages through the window's query, within the bounds above; early stops are added to {@code skipped}. */
    private Map<String, Paper> search(LocalDate date, String query, List<Skip> skipped) {
        Map<String, Paper> found = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int limit = ArxivClient.MAX_QUERY_RESULTS;
        boolean capAnnounced = false;
        for (int start = 0; start < limit; start += pageSize) {
            if (start > 0) {
                stop.throwIfRequested("backfill of " + date + " at result " + start);
            }
            ApiPage page = client.search(query, start, Math.min(pageSize, ArxivClient.MAX_QUERY_RESULTS - start));
            if (page.totalResults() > ArxivClient.MAX_QUERY_RESULTS && !capAnnounced) {
                capAnnounced = true;
                String reason = "the arXiv API announced " + page.totalResults() + " results for the window of "
                        + date + ", more than the " + ArxivClient.MAX_QUERY_RESULTS + " it serves for one query; "
                        + "results beyond those were not read";
                LOG.warn("Backfill of {}: {}", date, reason);
                skipped.add(new Skip("results beyond " + ArxivClient.MAX_QUERY_RESULTS, reason));
            }
            limit = Math.min(page.totalResults(), ArxivClient.MAX_QUERY_RESULTS);
            page.papers().forEach(paper -> found.putIfAbsent(paper.arxivId(), paper));
            skipped.addAll(page.skipped());
            if (page.entryCount() == 0) {
                break;
            }
            if (!seen.addAll(page.ids())) {
                String reason = "the arXiv API repeated results already seen in this query on the page from " + start
                        + " (of " + page.totalResults() + " announced); paging stopped there";
                LOG.warn("Backfill of {}: {}", date, reason);
                skipped.add(new Skip("results from " + start, reason));
                break;
            }
        }
        return found;
    }
}
