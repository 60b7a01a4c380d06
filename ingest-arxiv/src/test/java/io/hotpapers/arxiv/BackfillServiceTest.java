package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.StoredRows;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackfillServiceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MONDAY = LocalDate.parse("2021-05-10");
    private static final LocalDate TUESDAY = LocalDate.parse("2021-05-11");
    private static final LocalDate WEDNESDAY = LocalDate.parse("2021-05-12");

    /** The submission windows of Monday, Tuesday and Wednesday, as the API ranges a backfill sends. */
    private static final String MONDAY_WINDOW = "[202105061800 TO 202105071759]";
    private static final String TUESDAY_WINDOW = "[202105071800 TO 202105101759]";
    private static final String WEDNESDAY_WINDOW = "[202105101800 TO 202105111759]";
    private static final String MONDAY_TO_WEDNESDAY = "[202105061800 TO 202105111759]";

    /** What the arXiv API holds: one paper in Monday's window, three in Tuesday's (one replaced), one in Wednesday's. */
    private static final List<AtomBodies.Entry> HELD = List.of(
            AtomBodies.entry("2105.02000", 1, "2021-05-07T10:00:00Z", "2021-05-07T10:00:00Z", "cs.LG"),
            AtomBodies.entry("2105.03000", 1, "2021-05-08T10:00:00Z", "2021-05-08T10:00:00Z", "stat.ML", "cs.LG"),
            AtomBodies.entry("2105.04026", 1, "2021-05-09T19:47:43Z", "2021-05-09T19:47:43Z", "cs.LG", "stat.ML"),
            AtomBodies.entry("2009.00001", 3, "2020-09-01T10:00:00Z", "2021-05-10T12:00:00Z", "cs.LG"),
            AtomBodies.entry("2105.05000", 1, "2021-05-11T10:00:00Z", "2021-05-11T10:00:00Z", "cs.CV", "cs.LG"));

    private static final List<Listing> EXPECTED = List.of(
            new Listing(MONDAY, "cs.LG", "2105.02000", AnnounceType.NEW),
            new Listing(TUESDAY, "cs.LG", "2009.00001", AnnounceType.REPLACE),
            new Listing(TUESDAY, "cs.LG", "2105.03000", AnnounceType.CROSS),
            new Listing(TUESDAY, "cs.LG", "2105.04026", AnnounceType.NEW),
            new Listing(WEDNESDAY, "cs.LG", "2105.05000", AnnounceType.CROSS));

    private final MockWebServer server = new MockWebServer();
    private final RangeArxivApi api = new RangeArxivApi(HELD);
    private final CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());
    private TestArxiv arxiv;
    private ListingStore listings;
    private PaperStore papers;
    private IngestRunStore runs;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        server.setDispatcher(api);
        server.start();
        arxiv = new TestArxiv(server);
        listings = new ListingStore(postgres.jdbi(), arxiv.clock);
        papers = new PaperStore(postgres.jdbi(), arxiv.clock);
        runs = new IngestRunStore(postgres.jdbi(), arxiv.clock, new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BackfillService service(int pageSize) {
        return new BackfillService(arxiv.client, new MailingCalendar(List.of()), listings, runs, arxiv.clock, pageSize);
    }

    private List<Listing> storedListings() {
        List<Listing> all = new ArrayList<>();
        for (LocalDate date = MONDAY; !date.isAfter(WEDNESDAY); date = date.plusDays(1)) {
            all.addAll(StoredRows.listings(postgres.jdbi(), date));
        }
        return all;
    }

    private List<String> rangesAsked() {
        return api.ranges;
    }

    private RunStatus status(LocalDate date) {
        return runs.latest(BackfillService.JOB, date + " " + selection.key()).orElseThrow().status();
    }

    @Test
    void backfillsConsecutiveMailingDatesWithOneQueryAndStoresEachEntryOnItsOwnDate() {
        List<BackfillService.DateResult> progress = new ArrayList<>();

        BackfillService.Summary summary = service(2000).backfill(LocalDate.parse("2021-05-08"), WEDNESDAY, selection,
                (result, done, total, elapsed) -> progress.add(result));

        assertThat(storedListings()).isEqualTo(EXPECTED);
        assertThat(papers.find("2009.00001").orElseThrow().latestVersion()).isEqualTo(3);
        assertThat(summary.mailingDates()).isEqualTo(3);
        assertThat(summary.papers()).isEqualTo(5);
        assertThat(progress).extracting(BackfillService.DateResult::mailingDate)
                .containsExactly(MONDAY, TUESDAY, WEDNESDAY);
        assertThat(progress).extracting(BackfillService.DateResult::papers).containsExactly(1, 3, 1);
        assertThat(api.requests).hasSize(1);
        RecordedRequest query = api.requests.get(0);
        assertThat(query.getUrl().queryParameter("search_query")).isEqualTo("(cat:cs.LG) AND ("
                + "submittedDate:[202105061800 TO 202105111759] OR lastUpdatedDate:[202105061800 TO 202105111759])");
        assertThat(query.getUrl().queryParameter("max_results")).isEqualTo("2000");
        for (LocalDate date : List.of(MONDAY, TUESDAY, WEDNESDAY)) {
            assertThat(status(date)).as("the run of %s", date).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(runs.latest(BackfillService.JOB, TUESDAY + " cs.LG").orElseThrow().counts())
                .containsEntry("papers", 3L).containsEntry("listings", 3L).containsEntry("skipped", 0L);
    }

    @Test
    void eachDateIsStoredAsSoonAsTheQueryHasPassedItsWindowNotAfterTheLastPage() {
        // oldest submission first, two a page: 2009.00001 2105.02000 | 2105.03000 2105.04026 | 2105.05000
        List<String> storedAfter = new ArrayList<>();

        service(2).backfill(MONDAY, WEDNESDAY, selection,
                (result, done, total, elapsed) -> storedAfter.add(result.mailingDate() + " after request "
                        + api.requests.size()));

        assertThat(storedAfter).containsExactly("2021-05-10 after request 2", "2021-05-11 after request 3",
                "2021-05-12 after request 3");
        assertThat(storedListings()).isEqualTo(EXPECTED);
    }

    @Test
    @Tag("reliability")
    void anEntryComingAfterItsDateWasStoredIsStoredWithItLateWithAWarning() {
        // the API breaks its own order: a Monday paper on the page after one submitted on Tuesday's window
        AtomBodies.Entry late = AtomBodies.entry("2105.02100", 1, "2021-05-07T12:00:00Z", "2021-05-07T12:00:00Z",
                "cs.LG");
        api.override = (range, start) -> new MockResponse.Builder().code(200).body(start == 0
                ? AtomBodies.feed(4, 0, List.of(HELD.get(0), HELD.get(1)))
                : AtomBodies.feed(4, 2, List.of(late, HELD.get(4)))).build();

        try (LogCapture log = LogCapture.of(BackfillService.class)) {
            service(2).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN Backfill of 2021-05-10 to "
                    + "2021-05-12 (3 mailing dates): 2105.02100 (submitted 2021-05-07T12:00:00Z) came after"));
        }
        assertThat(StoredRows.listings(postgres.jdbi(), MONDAY)).containsExactly(
                new Listing(MONDAY, "cs.LG", "2105.02000", AnnounceType.NEW),
                new Listing(MONDAY, "cs.LG", "2105.02100", AnnounceType.NEW));
        assertThat(status(WEDNESDAY)).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void anEntrySubmittedInOneWindowAndReplacedInAnotherIsListedOnBothDatesAsSearchesPerDateWould() {
        api.entries.add(AtomBodies.entry("2105.02500", 2, "2021-05-07T11:00:00Z", "2021-05-11T09:00:00Z", "cs.LG"));
        // a version 1 "updated" in Wednesday's window: a search of that window returns it but it is no replacement
        api.entries.add(AtomBodies.entry("2104.00007", 1, "2021-04-01T10:00:00Z", "2021-05-11T09:30:00Z", "cs.LG"));

        service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(api.requests).hasSize(1);
        assertThat(StoredRows.listings(postgres.jdbi(), MONDAY))
                .contains(new Listing(MONDAY, "cs.LG", "2105.02500", AnnounceType.NEW));
        assertThat(StoredRows.listings(postgres.jdbi(), WEDNESDAY))
                .contains(new Listing(WEDNESDAY, "cs.LG", "2105.02500", AnnounceType.REPLACE))
                .noneMatch(listing -> listing.arxivId().equals("2104.00007"));
        long wednesdayRun = runs.latest(BackfillService.JOB, WEDNESDAY + " cs.LG").orElseThrow().runId();
        assertThat(runs.skips(wednesdayRun)).singleElement().satisfies(skip -> {
            assertThat(skip.item()).isEqualTo("2104.00007");
            assertThat(skip.reason()).contains("neither submitted nor replaced in the window");
        });
    }

    @Test
    @Tag("reliability")
    void aRunWhoseQueryAnnouncesMoreThanOneQueryServesIsSplitAndStoresTheSame() {
        // the API announces 40,000 results for the three windows together: more than the 30,000 it serves
        api.override = (range, start) -> range.equals(MONDAY_TO_WEDNESDAY) ? RangeArxivApi.announcing(40_000, start)
                : null;

        BackfillService.Summary summary = service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(rangesAsked()).containsExactly(MONDAY_TO_WEDNESDAY, MONDAY_WINDOW, "[202105071800 TO 202105111759]");
        assertThat(summary.completed()).isEqualTo(3);
        assertThat(storedListings()).isEqualTo(EXPECTED);
        assertThat(runs.recent(10)).as("one run per date, none for the query that was split").hasSize(3);
    }

    @Test
    @Tag("reliability")
    void aSingleDateOverWhatOneQueryServesIsReadToTheCeilingAsBefore() {
        api.override = (range, start) -> RangeArxivApi.announcing(40_000, start);

        service(2000).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { });

        assertThat(rangesAsked()).containsOnly(TUESDAY_WINDOW).hasSize(2);
        long run = runs.latest(BackfillService.JOB, TUESDAY + " cs.LG").orElseThrow().runId();
        assertThat(runs.skips(run)).extracting(skip -> skip.item()).contains("results beyond 30000", "results from 2000");
    }

    @Test
    @Tag("reliability")
    void aStopBetweenTheDatesOfAQueryStoresNoFurtherDateAndTheRerunAsksForTheRestOnly() {
        StopSignal stop = new StopSignal();
        BackfillService service = new BackfillService(arxiv.client, new MailingCalendar(List.of()), listings, runs,
                arxiv.clock, 2000, stop);

        BackfillService.Summary summary = service.backfill(MONDAY, WEDNESDAY, selection,
                (result, done, total, elapsed) -> stop.request("SIGTERM", 143));

        assertThat(summary.interrupted()).isTrue();
        assertThat(summary.completed()).isEqualTo(1);
        assertThat(summary.mailingDates()).isEqualTo(3);
        assertThat(api.requests).hasSize(1);
        assertThat(storedListings()).containsExactly(EXPECTED.get(0));
        assertThat(status(TUESDAY)).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(status(WEDNESDAY)).isEqualTo(RunStatus.INTERRUPTED);

        BackfillService.Summary rerun = service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(rangesAsked()).containsExactly(MONDAY_TO_WEDNESDAY, "[202105071800 TO 202105111759]");
        assertThat(rerun.alreadyDone()).isEqualTo(1);
        assertThat(storedListings()).isEqualTo(EXPECTED);
    }

    @Test
    @Tag("reliability")
    void aStopBetweenPagesMarksTheDatesInterruptedStoresNothingOfThemAndTheRerunCompletesThem() {
        StopSignal stop = new StopSignal();
        // Tuesday and Wednesday: four entries, two pages of two; Ctrl-C while the first is in flight
        api.onRequest = (range, start) -> stop.request("SIGINT", 130);
        BackfillService stopping = new BackfillService(arxiv.client, new MailingCalendar(List.of()), listings, runs,
                arxiv.clock, 2, stop);

        BackfillService.Summary summary = stopping.backfill(TUESDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(summary.completed()).isZero();
        assertThat(api.requests).as("the request in flight finished; no second page").hasSize(1);
        assertThat(status(TUESDAY)).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(status(WEDNESDAY)).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(storedListings()).isEmpty();

        api.onRequest = (range, start) -> { };
        BackfillService.Summary rerun = service(2).backfill(TUESDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(rerun.interrupted()).isFalse();
        assertThat(storedListings()).isEqualTo(EXPECTED.subList(1, EXPECTED.size()));
    }

    @Test
    void pagesThroughLargeWindows() {
        service(2).backfill(TUESDAY, TUESDAY, selection, (result, done, total, elapsed) -> { });

        assertThat(api.requests).extracting(request -> request.getUrl().queryParameter("start"))
                .containsExactly("0", "2");
        assertThat(StoredRows.listings(postgres.jdbi(), TUESDAY)).hasSize(3);
    }

    @Test
    void anInterruptedBackfillResumesWithTheMissingDatesOnly() {
        // Tuesday done before: Monday and Wednesday are two runs, and Wednesday's query is rejected
        service(2000).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { });
        api.override = (range, start) -> range.equals(WEDNESDAY_WINDOW) ? rejected() : null;
        assertThatThrownBy(() -> service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { }))
                .isInstanceOf(ArxivApiException.class);
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-10 cs.LG")).isTrue();
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-11 cs.LG")).isTrue();
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-12 cs.LG")).isFalse();
        assertThat(rangesAsked()).containsExactly(TUESDAY_WINDOW, MONDAY_WINDOW, WEDNESDAY_WINDOW);

        api.override = (range, start) -> null;
        api.requests.clear();
        BackfillService.Summary summary = service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(api.requests).hasSize(1);
        assertThat(summary.alreadyDone()).isEqualTo(2);
        assertThat(storedListings()).isEqualTo(EXPECTED);
    }

    @Test
    @Tag("reliability")
    void aQueryFailingOnItsSecondPageFailsTheRunOfEachOfItsDatesAndTheRerunRedoesThem() {
        api.override = (range, start) -> start == 2 ? rejected() : null;

        assertThatThrownBy(() -> service(2).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { }))
                .isInstanceOf(ArxivApiException.class);

        assertThat(storedListings()).isEmpty();
        for (LocalDate date : List.of(MONDAY, TUESDAY, WEDNESDAY)) {
            IngestRun run = runs.latest(BackfillService.JOB, date + " cs.LG").orElseThrow();
            assertThat(run.status()).as("the run of %s", date).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).contains("arXiv API rejected the request");
        }

        api.override = (range, start) -> null;
        api.requests.clear();
        BackfillService.Summary summary = service(2).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(summary.completed()).isEqualTo(3);
        assertThat(summary.alreadyDone()).isZero();
        assertThat(api.requests).extracting(request -> request.getUrl().queryParameter("start"))
                .containsExactly("0", "2", "4");
        assertThat(storedListings()).isEqualTo(EXPECTED);
    }

    @Test
    void aRangeMixingDoneAndNotDoneDatesAsksOneQueryPerRunOfDatesToDo() {
        LocalDate friday = LocalDate.parse("2021-05-14");
        service(2000).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { });
        api.requests.clear();
        api.ranges.clear();
        List<String> progress = new ArrayList<>();

        BackfillService.Summary summary = service(2000).backfill(MONDAY, friday, selection,
                (result, done, total, elapsed) -> progress.add(result.mailingDate() + (result.alreadyDone() ? " done"
                        : " " + result.papers()) + " " + done + "/" + total));

        assertThat(rangesAsked()).containsExactly(MONDAY_WINDOW, "[202105101800 TO 202105131759]");
        assertThat(progress).containsExactly("2021-05-10 1 1/5", "2021-05-11 done 2/5", "2021-05-12 1 3/5",
                "2021-05-13 0 4/5", "2021-05-14 0 5/5");
        assertThat(summary.alreadyDone()).isEqualTo(1);
        assertThat(storedListings()).isEqualTo(EXPECTED);
        assertThat(runs.isDone(BackfillService.JOB, friday + " cs.LG")).isTrue();
    }

    @Test
    void theEstimateCountsOneRequestPerRunOfDatesToDo() {
        service(2000).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { });

        BackfillService.Estimate estimate = service(2000).estimate(MONDAY, LocalDate.parse("2021-05-14"), selection,
                Duration.ofSeconds(3));

        assertThat(estimate).isEqualTo(new BackfillService.Estimate(5, 4, 2, Duration.ofSeconds(6)));
    }

    private static MockResponse rejected() {
        return new MockResponse.Builder().code(400)
                .body(Fixtures.text("arxiv-api-error-400-incorrect-id-format.atom.xml")).build();
    }

    @Test
    void backfillingAgainChangesNothingAndAsksNothing() {
        service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });
        api.requests.clear();

        BackfillService.Summary again = service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(api.requests).isEmpty();
        assertThat(again.alreadyDone()).isEqualTo(3);
        assertThat(storedListings()).isEqualTo(EXPECTED);
    }

    @Test
    void anArchiveIsSpeltOutCategoryByCategory() {
        CategorySelection archive = new CategorySelection(List.of("stat"), CategoryTaxonomy.load());

        assertThat(archive.apiQuery()).isEqualTo("(cat:stat OR cat:stat.AP OR cat:stat.CO OR cat:stat.ME "
                + "OR cat:stat.ML OR cat:stat.OT OR cat:stat.TH)");
        assertThat(archive.listings(TUESDAY, "2105.03000", List.of("stat.ML", "cs.LG"), AnnounceType.NEW))
                .containsExactly(new Listing(TUESDAY, "stat", "2105.03000", AnnounceType.NEW));
    }

    @Test
    @Tag("reliability")
    void twoOverlappingBackfillsAtOnceStoreEachRowOnceWithoutDeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BackfillService.Summary> wide = pool.submit(() ->
                    service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { }));
            Future<BackfillService.Summary> narrow = pool.submit(() ->
                    service(2000).backfill(TUESDAY, WEDNESDAY, selection, (r, d, t, e) -> { }));

            wide.get(60, TimeUnit.SECONDS);
            narrow.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(storedListings()).isEqualTo(EXPECTED);
        int papersStored = postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM papers")
                .mapTo(Integer.class).one());
        assertThat(papersStored).isEqualTo(5);
    }
}
