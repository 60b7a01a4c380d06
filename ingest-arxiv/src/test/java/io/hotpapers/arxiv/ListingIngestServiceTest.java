package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.RetriesExhaustedException;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.MetadataAttempts;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListingIngestServiceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2024-11-28");

    private final MockWebServer server = new MockWebServer();
    private final CategorySelection selection = new CategorySelection(List.of("cs.LG", "math"), CategoryTaxonomy.load());
    private TestArxiv arxiv;
    private PaperStore papers;
    private IngestRunStore runs;
    private ListingIngestService service;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        server.start();
        arxiv = new TestArxiv(server);
        papers = new PaperStore(postgres.jdbi(), arxiv.clock);
        runs = new IngestRunStore(postgres.jdbi(), arxiv.clock, new ObjectMapper());
        service = new ListingIngestService(arxiv.client, papers, runs, new MetadataFetcher(arxiv.client, papers, 2000));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    /** The API's answer for the five listed papers of the fixture that the selection covers, one id dropped. */
    private static String metadataAnswer() {
        return AtomBodies.feed(4, 0, List.of(
                AtomBodies.entry("2411.17702", 1, "2024-11-26T10:00:00Z", "2024-11-26T10:00:00Z", "eess.SP", "cs.LG"),
                AtomBodies.entry("2411.17705", 1, "2024-11-26T11:00:00Z", "2024-11-26T11:00:00Z", "eess.SP", "cs.AI",
                        "cs.LG"),
                AtomBodies.entry("2411.15345", 1, "2024-11-22T11:00:00Z", "2024-11-22T11:00:00Z", "math.GT", "math.DG",
                        "math.GR"),
                AtomBodies.entry("1401.3665", 4, "2014-01-15T11:00:00Z", "2024-11-26T09:00:00Z", "math.CO")));
    }

    @Test
    void recordsListingsPerConfiguredCategoryAndFetchesMetadataInOneRequest() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(metadataAnswer()));

        ListingIngestService.Result result = service.ingestLatest(selection);

        assertThat(result.mailingDate()).isEqualTo(MAILING);
        assertThat(papers.listings(MAILING)).containsExactly(
                new Listing(MAILING, "cs.LG", "2411.17702", AnnounceType.CROSS),
                new Listing(MAILING, "cs.LG", "2411.17705", AnnounceType.CROSS),
                new Listing(MAILING, "math", "1401.3665", AnnounceType.REPLACE),
                new Listing(MAILING, "math", "1708.06999", AnnounceType.REPLACE),
                new Listing(MAILING, "math", "2411.15345", AnnounceType.CROSS));
        assertThat(papers.find("2411.17705").orElseThrow().categories()).containsExactly("eess.SP", "cs.AI", "cs.LG");
        assertThat(papers.find("1401.3665").orElseThrow().latestVersion()).isEqualTo(4);

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/rss/cs.LG+math");
        RecordedRequest lookup = server.takeRequest();
        assertThat(lookup.getBody().utf8()).startsWith("id_list=").contains("max_results=5");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void whatIsNotUsableIsRecordedAsSkippedNotDropped() {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(metadataAnswer()));

        ListingIngestService.Result result = service.ingestLatest(selection);

        IngestRun run = runs.latest(ListingIngestService.JOB, MAILING + " cs.LG,math").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<Skip> skips = runs.skips(run.runId());
        assertThat(skips).filteredOn(skip -> skip.item().equals("1708.06999")).singleElement()
                .extracting(Skip::reason).asString()
                .matches("not returned by the arXiv API \\(attempt 1 of 5, next after "
                        + arxiv.clock.instant().plus(Duration.ofHours(1)).toString().substring(0, 17) + "\\d\\dZ\\)");
        assertThat(skips).filteredOn(skip -> skip.reason().startsWith("none of its categories")).hasSize(6);
        assertThat(result.skipped()).isEqualTo(skips.size());
        assertThat(run.counts()).containsEntry("papers", 4L).containsEntry("listings", 5L);
    }

    @Test
    void runningAgainChangesNothingAndAsksOnlyForWhatIsMissingOnceItsNextAttemptIsDue() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(metadataAnswer()));
        service.ingestLatest(selection);
        List<Listing> before = papers.listings(MAILING);

        // the feed read again minutes later (a lagging feed): the id arXiv did not return waits for its next turn
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        service.ingestLatest(selection);
        assertThat(server.getRequestCount()).isEqualTo(3);

        arxiv.clock.advance(Duration.ofHours(1));
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(AtomBodies.feed(0, 0, List.of())));
        service.ingestLatest(selection);

        assertThat(papers.listings(MAILING)).isEqualTo(before);
        for (int i = 0; i < 4; i++) {
            server.takeRequest();
        }
        assertThat(server.takeRequest().getBody().utf8()).startsWith("id_list=1708.06999&");
        assertThat(papers.metadataAttempts("1708.06999").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    @Tag("reliability")
    void anIdArxivDidNotReturnIsAskedAgainWithGrowingSpacingThenKeptAsAPermanentSkip() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(metadataAnswer()));
        service.ingestLatest(selection);
        assertThat(papers.metadataAttempts("1708.06999").orElseThrow().attempts()).isEqualTo(1);

        assertThat(service.retryOwed(selection)).as("not due yet").isEqualTo(new ListingIngestService.OwedResult(0, 0, 0, 0));
        for (Duration wait : List.of(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofHours(24))) {
            arxiv.clock.advance(wait.minusMinutes(1));
            assertThat(service.retryOwed(selection).asked()).as("a minute before the wait of " + wait + " is over").isZero();
            arxiv.clock.advance(Duration.ofMinutes(1));
            server.enqueue(ok(AtomBodies.feed(0, 0, List.of())));
            assertThat(service.retryOwed(selection).asked()).as("after " + wait).isEqualTo(1);
        }

        MetadataAttempts state = papers.metadataAttempts("1708.06999").orElseThrow();
        assertThat(state.attempts()).isEqualTo(5);
        assertThat(state.givenUp()).isTrue();
        assertThat(papers.metadataHistory("1708.06999")).hasSize(5)
                .allSatisfy(attempt -> assertThat(attempt.reason()).isEqualTo("not returned by the arXiv API"));
        IngestRun last = runs.latest(ListingIngestService.OWED_JOB, "cs.LG,math").orElseThrow();
        assertThat(runs.skips(last.runId())).containsExactly(new Skip("1708.06999",
                "not returned by the arXiv API (attempt 5 of 5, kept as a permanent skip)"));
        assertThat(papers.owedMetadataCount(selection.configured())).isEqualTo(new PaperStore.OwedMetadata(0, 1));

        arxiv.clock.advance(Duration.ofDays(30));
        int requests = server.getRequestCount();
        assertThat(service.retryOwed(selection).asked()).as("given up: never asked again").isZero();
        assertThat(server.getRequestCount()).isEqualTo(requests);
    }

    @Test
    @Tag("reliability")
    void metadataThatFailedIsFetchedByTheNextRetry() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("").build());
        }
        assertThatThrownBy(() -> service.ingestLatest(selection)).isInstanceOf(RetriesExhaustedException.class);
        assertThat(papers.owedMetadataCount(selection.configured())).isEqualTo(new PaperStore.OwedMetadata(5, 0));

        server.enqueue(ok(metadataAnswer()));
        ListingIngestService.OwedResult result = service.retryOwed(selection);

        assertThat(result).isEqualTo(new ListingIngestService.OwedResult(5, 4, 1, 0));
        assertThat(papers.listedWithoutMetadata(MAILING)).containsExactly("1708.06999");
        assertThat(papers.find("2411.17705")).isPresent();
        assertThat(papers.metadataAttempts("1708.06999").orElseThrow().attempts()).as("a failed fetch is no attempt")
                .isEqualTo(1);
    }

    @Test
    void aFeedWithoutItemsIsANormalNoAnnouncement() {
        server.enqueue(ok(Fixtures.text("arxiv-rss-empty-no-items-2024-11-28.xml")));

        ListingIngestService.Result result = service.ingestLatest(selection);

        assertThat(result.announced()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(runs.isDone(ListingIngestService.JOB, MAILING + " cs.LG,math")).isTrue();
    }

    @Test
    void aFailedMetadataFetchKeepsTheListingsAndRecordsTheFailure() {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("").build());
        }

        assertThatThrownBy(() -> service.ingestLatest(selection)).isInstanceOf(RetriesExhaustedException.class);

        assertThat(papers.listings(MAILING)).hasSize(5);
        assertThat(papers.listedWithoutMetadata(MAILING)).hasSize(5);
        IngestRun run = runs.latest(ListingIngestService.JOB, MAILING + " cs.LG,math").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("HTTP 503");
        assertThat(run.counts()).isEqualTo(Map.of("items", 11L, "listings", 5L));
    }
}
