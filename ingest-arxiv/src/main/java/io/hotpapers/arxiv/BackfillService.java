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
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests past mailing dates from the arXiv query API. Consecutive mailing dates still to do (a run) are read
 * with one search over the union of their submission windows, combining all configured categories, paged
 * {@value ArxivClient#MAX_PAGE_SIZE} at a time; each entry is then given to the mailing date whose window holds its
 * submission ({@code new}) or its latest version ({@code replace}), as a search per date would have. A run whose
 * first page announces more than {@value ArxivClient#MAX_QUERY_RESULTS} results (all the API serves for one query)
 * is split into shorter runs, down to single dates.
 *
 * <p>Paging of one query ends at the last page, at a page that brings no id not already seen in this query, or
 * at {@value ArxivClient#MAX_QUERY_RESULTS} results, whichever comes first, so that a feed announcing
 * {@code totalResults} of 2147483647 and repeating its pages costs two requests, not a million; both early stops
 * log a warning and are recorded as skips of every date of the query not stored before (those were complete).
 *
 * <p>Each date is still one unit of work (one transaction, one {@code ingest_runs} checkpoint, started when its
 * query starts, ended when the date is stored): interrupted and rerun, a backfill does only the dates not yet done,
 * and stores exactly what an uninterrupted run would. A date is stored as soon as the query, oldest submission
 * first, has passed its window, so storing overlaps the wait for the next page. A failed query fails the run of
 * each of its dates not yet stored. A requested stop ({@link StopSignal}) takes effect between runs, between pages
 * and between dates: the dates not yet stored store nothing and their runs are marked {@code interrupted}.
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
     * @param toDo those not yet done
     * @param requests the fewest search requests they take: one per run of consecutive dates to do (more where a
     *     run holds over a page of papers)
     * @param atLeast the time the requests take at the politeness interval, at least
     */
    public record Estimate(int dates, int toDo, int requests, Duration atLeast) {
    }


    /** Estimates a backfill: the dates still to do, one request per run of them, spaced by {@code minInterval}. */
    public Estimate estimate(LocalDate from, LocalDate to, CategorySelection selection, Duration minInterval) {
        List<LocalDate> dates = calendar.mailingDates(from, to);
        Set<String> done = runs.doneScopes(JOB, scopes(dates, selection));
        int toDo = 0;
        int requests = 0;
        for (int index = 0; index < dates.size(); ) {
            if (done.contains(scope(dates.get(index), selection))) {
                index++;
                continue;
            }
            int length = leadingRun(dates.subList(index, dates.size()), done, selection).size();
            toDo += length;
            requests++;
            index += length;
        }
        return new Estimate(dates.size(), toDo, requests, minInterval.multipliedBy(requests));
    }

    /** Backfills every mailing date from {@code from} to {@code to}; dates without a mailing are passed over. */
    public Summary backfill(LocalDate from, LocalDate to, CategorySelection selection, Progress progress) {
        if (from.isBefore(FIRST_ANNOUNCEMENT)) {
            throw new IllegalArgumentException(from + " is before arXiv's first announcement (" + FIRST_ANNOUNCEMENT
                    + ")");
        }
        List<LocalDate> dates = calendar.mailingDates(from, to);
        Tally tally = new Tally(dates.size(), clock.instant(), progress);
        int next = 0;
        // each pass takes at least one date: the dates already done at its head, then one run of dates to do
        passes:
        while (next < dates.size() && !stop.isRequested()) {
            List<LocalDate> rest = dates.subList(next, dates.size());
            // asked again before each run: a backfill running beside this one may have done some meanwhile
            Set<String> done = runs.doneScopes(JOB, scopes(rest, selection));
            int head = 0;
            for (; head < rest.size() && done.contains(scope(rest.get(head), selection)); head++) {
                if (stop.isRequested()) {
                    break passes;
                }
                tally.add(new DateResult(rest.get(head), true, 0, 0, 0));
            }
            next += head;
            if (head == rest.size() || stop.isRequested()) {
                continue;
            }
            List<LocalDate> run = leadingRun(rest.subList(head, rest.size()), done, selection);
            try {
                backfillRun(run, selection, tally);
            } catch (StoppedException e) {
                break;
            }
            next += run.size();
        }
        return tally.summary();
    }

    /** The dates at the head of {@code dates} that are not done and whose windows follow each other. */
    private List<LocalDate> leadingRun(List<LocalDate> dates, Set<String> done, CategorySelection selection) {
        int end = 1;
        while (end < dates.size() && !done.contains(scope(dates.get(end), selection))
                && calendar.window(dates.get(end - 1)).end().equals(calendar.window(dates.get(end)).start())) {
            end++;
        }
        return dates.subList(0, end);
    }

    /**
     * One search over the windows of consecutive dates, each date stored on its own as soon as the search has
     * passed its window; split first when the search announces more results than one query serves.
     */
    private void backfillRun(List<LocalDate> run, CategorySelection selection, Tally tally) {
        String what = describe(run);
        stop.throwIfRequested("backfill of " + what);
        List<SubmissionWindow> windows = run.stream().map(calendar::window).toList();
        SubmissionWindow union = new SubmissionWindow(windows.get(0).start(), windows.get(windows.size() - 1).end());
        String query = selection.apiQuery() + " AND (submittedDate:" + union.apiRange()
                + " OR lastUpdatedDate:" + union.apiRange() + ")";
        if (run.size() > 1) {
            LOG.info("Backfill of {}: one query over {}", what, union.apiRange());
        }
        ApiPage first;
        try {
            first = client.search(query, 0, Math.min(pageSize, ArxivClient.MAX_QUERY_RESULTS));
        } catch (RuntimeException e) {
            throw end(startRuns(run, selection), e);
        }
        if (first.totalResults() > ArxivClient.MAX_QUERY_RESULTS && run.size() > 1) {
            List<List<LocalDate>> parts = split(run, first.totalResults());
            LOG.info("Backfill of {}: the arXiv API announced {} results, more than the {} it serves for one query; "
                    + "split into {} queries", what, first.totalResults(), ArxivClient.MAX_QUERY_RESULTS, parts.size());
            for (List<LocalDate> part : parts) {
                backfillRun(part, selection, tally);
            }
            return;
        }
        RunIngest ingest = new RunIngest(run, windows, startRuns(run, selection), selection, tally);
        try {
            ingest.finish(search(what, query, first, ingest::accept));
        } catch (RuntimeException e) {
            throw end(ingest.unstoredRunIds(), e);
        }
    }

    /**
     * Shorter runs for a run whose query announced {@code total} results: parts of about four fifths of what one
     * query serves (so that uneven dates seldom need another split), at least two, of equal numbers of dates.
     */
    private static List<List<LocalDate>> split(List<LocalDate> run, int total) {
        long perPart = ArxivClient.MAX_QUERY_RESULTS * 4L / 5;
        long wanted = Math.max(2, (total + perPart - 1) / perPart);
        int parts = (int) Math.min(run.size(), wanted);
        return IntStream.range(0, parts)
                .mapToObj(part -> run.subList(run.size() * part / parts, run.size() * (part + 1) / parts))
                .toList();
    }

    private List<Long> startRuns(List<LocalDate> run, CategorySelection selection) {
        return run.stream().map(date -> runs.start(JOB, scope(date, selection))).toList();
    }

    /**
     * Ends the runs of dates whose query or store did not complete: {@code interrupted} when a stop cut it short
     * (they are redone like dates stopped between pages), otherwise {@code failed}; returns what to throw.
     */
    private RuntimeException end(List<Long> runIds, RuntimeException cause) {
        boolean stopped = cause instanceof StoppedException || stop.isRequested();
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        for (long runId : runIds) {
            if (stopped) {
                runs.interrupt(runId, Map.of(), cause instanceof StoppedException ? message : "stopped: " + message);
            } else {
                runs.fail(runId, Map.of(), message);
            }
        }
        return stopped && !(cause instanceof StoppedException) ? new StoppedException(message) : cause;
    }

    /** What one date of a query stores. */
    private static final class DateWork {
        final List<Paper> papers = new ArrayList<>();
        final List<Listing> listings = new ArrayList<>();
        final List<Skip> skipped = new ArrayList<>();
    }

    /**
     * The dates of one query. Each entry goes to the date whose window holds its submission ({@code new}) and to
     * the date whose window holds its latest version ({@code replace}, from version 2): exactly what a search per
     * window would return and how its date would list it. Results come oldest submission first, so a date is
     * complete once an entry submitted after its window came (a replacement was submitted before it was
     * replaced): it is stored then, during the wait for the next page. The last date is stored at the end, with
     * the entries no date could use.
     */
    private final class RunIngest {
        private final List<LocalDate> run;
        private final List<SubmissionWindow> windows;
        private final List<Long> runIds;
        private final CategorySelection selection;
        private final Tally tally;
        private final List<DateWork> work = new ArrayList<>();
        private final Set<String> placed = new HashSet<>();
        private final List<Skip> unplaced = new ArrayList<>();
        /** How many dates, from the first, are stored. */
        private int stored;

        RunIngest(List<LocalDate> run, List<SubmissionWindow> windows, List<Long> runIds, CategorySelection selection,
                  Tally tally) {
            this.run = run;
            this.windows = windows;
            this.runIds = runIds;
            this.selection = selection;
            this.tally = tally;
            run.forEach(date -> work.add(new DateWork()));
        }

        void accept(ApiPage page) {
            Instant reached = null;
            for (Paper paper : page.papers()) {
                if (placed.add(paper.arxivId())) {
                    place(paper);
                }
                reached = reached == null || paper.submittedAt().isAfter(reached) ? paper.submittedAt() : reached;
            }
            unplaced.addAll(page.skipped());
            while (reached != null && stored < run.size() - 1 && !reached.isBefore(windows.get(stored).end())) {
                storeNext();
            }
        }

        /** Stores the dates left, each with the query's early stops, as any of them may miss results. */
        void finish(List<Skip> queryStops) {
            for (int index = stored; index < run.size(); index++) {
                work.get(index).skipped.addAll(queryStops);
            }
            work.get(run.size() - 1).skipped.addAll(unplaced);
            while (stored < run.size()) {
                storeNext();
            }
        }

        List<Long> unstoredRunIds() {
            return runIds.subList(stored, runIds.size());
        }

        private void place(Paper paper) {
            int submitted = windowOf(windows, paper.submittedAt());
            int updated = windowOf(windows, paper.lastUpdatedAt());
            if (submitted >= 0) {
                give(submitted, paper, AnnounceType.NEW);
            }
            if (updated >= 0 && updated != submitted) {
                if (paper.latestVersion() < 2) {
                    skip(updated, new Skip(paper.arxivId(), "returned by the window query but neither submitted nor "
                            + "replaced in the window"));
                } else {
                    give(updated, paper, AnnounceType.REPLACE);
                }
            }
            if (submitted < 0 && updated < 0) {
                unplaced.add(new Skip(paper.arxivId(), "returned by the query for " + describe(run)
                        + " but neither submitted nor updated in any of its windows"));
            }
        }

        private void give(int index, Paper paper, AnnounceType type) {
            LocalDate date = run.get(index);
            List<Listing> rows = selection.listings(date, paper.arxivId(), paper.categories(), type);
            if (rows.isEmpty()) {
                skip(index, new Skip(paper.arxivId(), "none of its categories " + paper.categories()
                        + " is configured"));
            } else if (index < stored) {
                LOG.warn("Backfill of {}: {} (submitted {}) came after results submitted later, when {} was already "
                        + "stored; stored with it now", describe(run), paper.arxivId(), paper.submittedAt(), date);
                listings.storeAnnouncement(List.of(paper), rows);
            } else {
                work.get(index).papers.add(paper);
                work.get(index).listings.addAll(rows);
            }
        }

        private void skip(int index, Skip skip) {
            if (index < stored) {
                runs.recordSkips(runIds.get(index), List.of(skip));
            } else {
                work.get(index).skipped.add(skip);
            }
        }

        /** Stores the next date; a stop requested since the run's first date keeps it and the rest from starting. */
        private void storeNext() {
            LocalDate date = run.get(stored);
            if (stored > 0 && stop.isRequested()) {
                throw new StoppedException("backfill of " + describe(run) + " stopped before " + date + " was stored");
            }
            DateWork dateWork = work.get(stored);
            listings.storeAnnouncement(dateWork.papers, dateWork.listings);
            runs.recordSkips(runIds.get(stored), dateWork.skipped);
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("papers", (long) dateWork.papers.size());
            counts.put("listings", (long) dateWork.listings.size());
            counts.put("skipped", (long) dateWork.skipped.size());
            runs.succeed(runIds.get(stored), counts);
            work.set(stored, null); // what is stored need not stay in memory
            stored++;
            tally.add(new DateResult(date, false, dateWork.papers.size(), dateWork.listings.size(),
                    dateWork.skipped.size()));
        }
    }

    /** The index of the window holding {@code instant} among consecutive windows, or -1. */
    private static int windowOf(List<SubmissionWindow> windows, Instant instant) {
        int low = 0;
        int high = windows.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            SubmissionWindow window = windows.get(middle);
            if (instant.isBefore(window.start())) {
                high = middle - 1;
            } else if (!instant.isBefore(window.end())) {
                low = middle + 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    /**
     * Pages through the query from its first page, within the bounds above, handing each page to {@code onPage};
     * returns where paging stopped early, with the reason.
     */
    private List<Skip> search(String what, String query, ApiPage first, Consumer<ApiPage> onPage) {
        List<Skip> stops = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int limit = ArxivClient.MAX_QUERY_RESULTS;
        boolean capAnnounced = false;
        ApiPage page = first;
        for (int start = 0; start < limit; start += pageSize) {
            if (start > 0) {
                stop.throwIfRequested("backfill of " + what + " at result " + start);
                page = client.search(query, start, Math.min(pageSize, ArxivClient.MAX_QUERY_RESULTS - start));
            }
            if (page.totalResults() > ArxivClient.MAX_QUERY_RESULTS && !capAnnounced) {
                capAnnounced = true;
                String reason = "the arXiv API announced " + page.totalResults() + " results for the "
                        + (what.contains(" to ") ? "windows of " : "window of ") + what + ", more than the "
                        + ArxivClient.MAX_QUERY_RESULTS + " it serves for one query; results beyond those were not read";
                LOG.warn("Backfill of {}: {}", what, reason);
                stops.add(new Skip("results beyond " + ArxivClient.MAX_QUERY_RESULTS, reason));
            }
            limit = Math.min(page.totalResults(), ArxivClient.MAX_QUERY_RESULTS);
            onPage.accept(page);
            if (page.entryCount() == 0) {
                break;
            }
            if (!seen.addAll(page.ids())) {
                String reason = "the arXiv API repeated results already seen in this query on the page from " + start
                        + " (of " + page.totalResults() + " announced); paging stopped there";
                LOG.warn("Backfill of {}: {}", what, reason);
                stops.add(new Skip("results from " + start, reason));
                break;
            }
        }
        return stops;
    }

    private static String describe(List<LocalDate> run) {
        return run.size() == 1 ? run.get(0).toString()
                : run.get(0) + " to " + run.get(run.size() - 1) + " (" + run.size() + " mailing dates)";
    }

    private static String scope(LocalDate date, CategorySelection selection) {
        return date + " " + selection.key();
    }

    private static List<String> scopes(List<LocalDate> dates, CategorySelection selection) {
        return dates.stream().map(date -> scope(date, selection)).toList();
    }

    /** The dates finished so far, told to the progress listener one by one. */
    private final class Tally {
        private final int total;
        private final Instant started;
        private final Progress progress;
        private int completed;
        private int alreadyDone;
        private int papers;
        private int listings;
        private int skipped;

        Tally(int total, Instant started, Progress progress) {
            this.total = total;
            this.started = started;
            this.progress = progress;
        }

        void add(DateResult result) {
            completed++;
            alreadyDone += result.alreadyDone() ? 1 : 0;
            papers += result.papers();
            listings += result.listings();
            skipped += result.skipped();
            progress.dateDone(result, completed, total, Duration.between(started, clock.instant()));
        }

        Summary summary() {
            return new Summary(total, completed, alreadyDone, papers, listings, skipped,
                    Duration.between(started, clock.instant()));
        }
    }
}
