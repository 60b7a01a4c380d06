package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
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

    /** What the arXiv API holds, by the submission window each backfill query asks for. */
    private static final Map<String, List<AtomBodies.Entry>> BY_WINDOW = Map.of(
            "[202105061800 TO 202105071759]", List.of(
                    AtomBodies.entry("2105.02000", 1, "2021-05-07T10:00:00Z", "2021-05-07T10:00:00Z", "cs.LG")),
            "[202105071800 TO 202105101759]", List.of(
                    AtomBodies.entry("2105.03000", 1, "2021-05-08T10:00:00Z", "2021-05-08T10:00:00Z", "stat.ML", "cs.LG"),
                    AtomBodies.entry("2105.04026", 1, "2021-05-09T19:47:43Z", "2021-05-09T19:47:43Z", "cs.LG", "stat.ML"),
                    AtomBodies.entry("2009.00001", 3, "2020-09-01T10:00:00Z", "2021-05-10T12:00:00Z", "cs.LG")),
            "[202105101800 TO 202105111759]", List.of(
                    AtomBodies.entry("2105.05000", 1, "2021-05-11T10:00:00Z", "2021-05-11T10:00:00Z", "cs.CV", "cs.LG")));

    private static final List<Listing> EXPECTED = List.of(
            new Listing(MONDAY, "cs.LG", "2105.02000", AnnounceType.NEW),
            new Listing(TUESDAY, "cs.LG", "2009.00001", AnnounceType.REPLACE),
            new Listing(TUESDAY, "cs.LG", "2105.03000", AnnounceType.CROSS),
            new Listing(TUESDAY, "cs.LG", "2105.04026", AnnounceType.NEW),
            new Listing(WEDNESDAY, "cs.LG", "2105.05000", AnnounceType.CROSS));

    private final MockWebServer server = new MockWebServer();
    private final FakeArxivApi api = new FakeArxivApi();
    private final CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());
    private TestArxiv arxiv;
    private PaperStore papers;
    private IngestRunStore runs;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        server.setDispatcher(api);
        server.start();
        arxiv = new TestArxiv(server);
        papers = new PaperStore(postgres.jdbi(), arxiv.clock);
        runs = new IngestRunStore(postgres.jdbi(), arxiv.clock, new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BackfillService service(int pageSize) {
        return new BackfillService(arxiv.client, new MailingCalendar(List.of()), papers, runs, arxiv.clock, pageSize);
    }

    private List<Listing> storedListings() {
        List<Listing> all = new ArrayList<>();
        for (LocalDate date = MONDAY; !date.isAfter(WEDNESDAY); date = date.plusDays(1)) {
            all.addAll(papers.listings(date));
        }
        return all;
    }

    /** Answers backfill searches from {@link #BY_WINDOW}, paging by start and max_results. */
    private static final class FakeArxivApi extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        volatile String rejectedWindow;
        /** Requested as the first page of this window is served: a Ctrl-C while that request is in flight. */
        volatile String stopAtWindow;
        volatile StopSignal stop;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String query = request.getUrl().queryParameter("search_query");
            String window = query.substring(query.indexOf("submittedDate:") + "submittedDate:".length(),
                    query.indexOf(" OR lastUpdatedDate"));
            if (window.equals(rejectedWindow)) {
                return new MockResponse.Builder().code(400)
                        .body(Fixtures.text("arxiv-api-error-400-incorrect-id-format.atom.xml")).build();
            }
            List<AtomBodies.Entry> entries = BY_WINDOW.getOrDefault(window, List.of());
            int start = Integer.parseInt(request.getUrl().queryParameter("start"));
            if (window.equals(stopAtWindow) && start == 0) {
                stop.request("SIGINT", 130);
            }
            int size = Integer.parseInt(request.getUrl().queryParameter("max_results"));
            List<AtomBodies.Entry> page = entries.subList(Math.min(start, entries.size()),
                    Math.min(start + size, entries.size()));
            return new MockResponse.Builder().code(200).body(AtomBodies.feed(entries.size(), start, page)).build();
        }
    }

    @Test
    void backfillsEveryMailingDateWithOneQueryPerWindow() {
        List<BackfillService.DateResult> progress = new ArrayList<>();

        BackfillService.Summary summary = service(2000).backfill(LocalDate.parse("2021-05-08"), WEDNESDAY, selection,
                (result, done, total, elapsed) -> progress.add(result));

        assertThat(storedListings()).isEqualTo(EXPECTED);
        assertThat(papers.find("2009.00001").orElseThrow().latestVersion()).isEqualTo(3);
        assertThat(summary.mailingDates()).isEqualTo(3);
        assertThat(summary.papers()).isEqualTo(5);
        assertThat(progress).extracting(BackfillService.DateResult::mailingDate)
                .containsExactly(MONDAY, TUESDAY, WEDNESDAY);
        assertThat(api.requests).hasSize(3);
        RecordedRequest tuesday = api.requests.get(1);
        assertThat(tuesday.getUrl().queryParameter("search_query")).isEqualTo("(cat:cs.LG) AND ("
                + "submittedDate:[202105071800 TO 202105101759] OR lastUpdatedDate:[202105071800 TO 202105101759])");
        assertThat(tuesday.getUrl().queryParameter("max_results")).isEqualTo("2000");
    }

    @Test
    @Tag("reliability")
    void aStopBetweenDatesStartsNoFurtherDate() {
        StopSignal stop = new StopSignal();
        BackfillService service = new BackfillService(arxiv.client, new MailingCalendar(List.of()), papers, runs,
                arxiv.clock, 2000, stop);

        BackfillService.Summary summary = service.backfill(MONDAY, WEDNESDAY, selection,
                (result, done, total, elapsed) -> stop.request("SIGTERM", 143));

        assertThat(summary.interrupted()).isTrue();
        assertThat(summary.completed()).isEqualTo(1);
        assertThat(summary.mailingDates()).isEqualTo(3);
        assertThat(api.requests).hasSize(1);
        assertThat(storedListings()).containsExactly(EXPECTED.get(0));
        assertThat(runs.latest(BackfillService.JOB, TUESDAY + " " + selection.key())).isEmpty();
    }

    @Test
    @Tag("reliability")
    void aStopBetweenPagesMarksTheDateInterruptedStoresNothingOfItAndTheRerunCompletesIt() {
        StopSignal stop = new StopSignal();
        api.stop = stop;
        api.stopAtWindow = "[202105071800 TO 202105101759]"; // Tuesday: three entries, two pages of two
        BackfillService stopping = new BackfillService(arxiv.client, new MailingCalendar(List.of()), papers, runs,
                arxiv.clock, 2, stop);

        BackfillService.Summary summary = stopping.backfill(TUESDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(summary.completed()).isZero();
        assertThat(api.requests).as("the request in flight finished; no second page").hasSize(1);
        assertThat(runs.latest(BackfillService.JOB, TUESDAY + " " + selection.key()).orElseThrow().status())
                .isEqualTo(RunStatus.INTERRUPTED);
        assertThat(storedListings()).isEmpty();

        api.stopAtWindow = null;
        BackfillService.Summary rerun = service(2).backfill(TUESDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(rerun.interrupted()).isFalse();
        assertThat(storedListings()).isEqualTo(EXPECTED.subList(1, EXPECTED.size()));
    }

    @Test
    void pagesThroughLargeWindows() {
        service(2).backfill(TUESDAY, TUESDAY, selection, (result, done, total, elapsed) -> { });

        assertThat(api.requests).extracting(request -> request.getUrl().queryParameter("start"))
                .containsExactly("0", "2");
        assertThat(papers.listings(TUESDAY)).hasSize(3);
    }

    @Test
    void anInterruptedBackfillResumesWithTheMissingDatesOnly() {
        api.rejectedWindow = "[202105101800 TO 202105111759]";
        assertThatThrownBy(() -> service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { }))
                .isInstanceOf(ArxivApiException.class);
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-11 cs.LG")).isTrue();
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-12 cs.LG")).isFalse();

        api.rejectedWindow = null;
        api.requests.clear();
        BackfillService.Summary summary = service(2000).backfill(MONDAY, WEDNESDAY, selection, (r, d, t, e) -> { });

        assertThat(api.requests).hasSize(1);
        assertThat(summary.alreadyDone()).isEqualTo(2);
        assertThat(storedListings()).isEqualTo(EXPECTED);
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
