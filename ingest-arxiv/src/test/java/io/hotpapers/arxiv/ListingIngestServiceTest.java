package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.RetriesExhaustedException;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
        assertThat(skips).contains(new Skip("1708.06999", "not returned by the arXiv API"));
        assertThat(skips).filteredOn(skip -> skip.reason().startsWith("none of its categories")).hasSize(6);
        assertThat(result.skipped()).isEqualTo(skips.size());
        assertThat(run.counts()).containsEntry("papers", 4L).containsEntry("listings", 5L);
    }

    @Test
    void runningAgainChangesNothingAndAsksOnlyForWhatIsMissing() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(metadataAnswer()));
        service.ingestLatest(selection);
        List<Listing> before = papers.listings(MAILING);

        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));
        server.enqueue(ok(AtomBodies.feed(0, 0, List.of())));
        service.ingestLatest(selection);

        assertThat(papers.listings(MAILING)).isEqualTo(before);
        server.takeRequest();
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().getBody().utf8()).startsWith("id_list=1708.06999&");
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
