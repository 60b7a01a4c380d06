package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** arXiv answers that would page or wait forever: each ends in a bounded number of requests with a clear line. */
@Tag("reliability")
class ArxivPagingBoundsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate TUESDAY = LocalDate.parse("2021-05-11");
    private static final int HUGE = Integer.MAX_VALUE;

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());
    private TestArxiv arxiv;
    private PaperStore papers;
    private IngestRunStore runs;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
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

    /** A paper submitted inside Tuesday's window (Fri 2021-05-07 18:00Z to Mon 2021-05-10 18:00Z). */
    private static AtomBodies.Entry paper(int number) {
        return AtomBodies.entry("2105.%05d".formatted(number), 1, "2021-05-08T10:00:00Z", "2021-05-08T10:00:00Z",
                "cs.LG");
    }

    /** Answers every page, whatever its start, with a feed announcing {@code total} results. */
    private void answer(int total, IntFunction<List<AtomBodies.Entry>> entriesFrom) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                if (requests.size() > 1000) {
                    return new MockResponse.Builder().code(400).build(); // a runaway test fails instead of hanging
                }
                int start = Integer.parseInt(request.getUrl().queryParameter("start"));
                return new MockResponse.Builder().code(200)
                        .body(AtomBodies.feed(total, start, entriesFrom.apply(start))).build();
            }
        });
    }

    private List<String> starts() {
        return requests.stream().map(request -> request.getUrl().queryParameter("start")).toList();
    }

    @Test
    void aHugeTotalResultsWithRepeatingPagesEndsAtTheFirstRepeatedPage() {
        answer(HUGE, start -> List.of(paper(1), paper(2)));

        try (LogCapture log = LogCapture.of(BackfillService.class)) {
            service(2).backfill(TUESDAY, TUESDAY, selection, (result, done, total, elapsed) -> { });

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN Backfill of 2021-05-11: the arXiv API repeated results already seen")
                    .contains("page from 2 (of 2147483647 announced)"));
        }

        assertThat(starts()).containsExactly("0", "2");
        assertThat(papers.listings(TUESDAY)).hasSize(2);
        IngestRun run = runs.recent(1).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.skips(run.runId())).extracting(skip -> skip.item())
                .contains("results from 2", "results beyond 30000");
    }

    @Test
    void aHugeTotalResultsWithEverFreshPagesStopsAtWhatOneQueryCanServe() {
        // each page repeats one id of the page before and brings one new: paging goes on, to the API's ceiling
        answer(HUGE, start -> List.of(paper(start / 2000 + 1), paper(start / 2000 + 2)));

        try (LogCapture log = LogCapture.of(BackfillService.class)) {
            service(ArxivClient.MAX_PAGE_SIZE).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { });

            assertThat(log.lines()).containsExactly("WARN Backfill of 2021-05-11: the arXiv API announced 2147483647 "
                    + "results for the window of 2021-05-11, more than the 30000 it serves for one query; results "
                    + "beyond those were not read");
        }

        List<String> expected = new ArrayList<>();
        for (int start = 0; start < ArxivClient.MAX_QUERY_RESULTS; start += ArxivClient.MAX_PAGE_SIZE) {
            expected.add(Integer.toString(start));
        }
        assertThat(starts()).hasSize(15).isEqualTo(expected);
        assertThat(papers.listings(TUESDAY)).hasSize(16);
    }

    @Test
    void aRetryAfterOfTwoHoursFailsTheDateClearlyInsteadOfSleeping() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7200").body("busy").build());
        Instant twoHoursLater = arxiv.clock.instant().plus(Duration.ofHours(2));

        assertThatThrownBy(() -> service(2000).backfill(TUESDAY, TUESDAY, selection, (r, d, t, e) -> { }))
                .isInstanceOf(WaitTooLongException.class)
                .hasMessageStartingWith("arXiv API search from 0 asks to wait until " + twoHoursLater)
                .hasMessageContaining("HOTPAPERS_MAX_WAIT=PT15M");

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(arxiv.backoff.waits()).isEmpty();
        IngestRun run = runs.recent(1).get(0);
        assertThat(run.job()).isEqualTo(BackfillService.JOB);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("arXiv API search from 0", twoHoursLater.toString());
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-11 cs.LG")).isFalse();
    }
}
