package io.hotpapers.arxiv;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.run.StoppedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingests past mailing dates from the arXiv query API: for each date, one search over the submission window
 * the calendar derives, combining all configured categories, paged {@value ArxivClient#MAX_PAGE_SIZE} at a time.
 *
 * <p>Each date is one unit of work (one transaction, one {@code ingest_runs} checkpoint): interrupted and rerun,
 * a backfill does only the dates not yet done, and stores exactly what an uninterrupted run would. A requested
 * stop ({@link StopSignal}) takes effect between dates and between pages: the date in progress stores nothing
 * and its run is marked {@code interrupted}.
 */
public final class BackfillService {
    public static final String JOB = "backfill";

    private final ArxivClient client;
    private final MailingCalendar calendar;
    private final PaperStore papers;
    private final IngestRunStore runs;
    private final Clock clock;
    private final int pageSize;
    private final StopSignal stop;

    public BackfillService(ArxivClient client, MailingCalendar calendar, PaperStore papers, IngestRunStore runs,
                           Clock clock, int pageSize) {
        this(client, calendar, papers, runs, clock, pageSize, new StopSignal());
    }

    public BackfillService(ArxivClient client, MailingCalendar calendar, PaperStore papers, IngestRunStore runs,
                           Clock clock, int pageSize, StopSignal stop) {
        this.stop = stop;
        this.client = client;
        this.calendar = calendar;
        this.papers = papers;
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

    /** Backfills every mailing date from {@code from} to {@code to}; dates without a mailing are passed over. */
    public Summary backfill(LocalDate from, LocalDate to, CategorySelection selection, Progress progress) {
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
        long runId = runs.start(JOB, scope);
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            DateResult result = ingest(date, selection, runId);
            counts.put("papers", (long) result.papers());
            counts.put("listings", (long) result.listings());
            counts.put("skipped", (long) result.skipped());
            runs.succeed(runId, counts);
            return result;
        } catch (StoppedException e) {
            runs.interrupt(runId, counts, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            if (stop.isRequested()) {
                // a wait or request cut short by the stop: the date is redone, like one stopped between pages
                runs.interrupt(runId, counts, "stopped: " + e.getMessage());
                throw new StoppedException("backfill of " + date + " stopped");
            }
            runs.fail(runId, counts, e.getMessage());
            throw e;
        }
    }

    private DateResult ingest(LocalDate date, CategorySelection selection, long runId) {
        SubmissionWindow window = calendar.window(date);
        String query = selection.apiQuery() + " AND (submittedDate:" + window.apiRange()
                + " OR lastUpdatedDate:" + window.apiRange() + ")";
        Map<String, Paper> found = new LinkedHashMap<>();
        List<Skip> skipped = new ArrayList<>();
        int total = Integer.MAX_VALUE;
        for (int start = 0; start < total; start += pageSize) {
            if (start > 0) {
                stop.throwIfRequested("backfill of " + date + " at result " + start);
            }
            ApiPage page = client.search(query, start, pageSize);
            total = page.totalResults();
            page.papers().forEach(paper -> found.putIfAbsent(paper.arxivId(), paper));
            skipped.addAll(page.skipped());
            if (page.entryCount() == 0) {
                break;
            }
        }
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
        papers.storeAnnouncement(announced, listings);
        runs.recordSkips(runId, skipped);
        return new DateResult(date, false, announced.size(), listings.size(), skipped.size());
    }
}
