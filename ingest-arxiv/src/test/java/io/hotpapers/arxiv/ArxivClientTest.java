package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.http.RetriesExhaustedException;
import io.hotpapers.core.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class ArxivClientTest {
    private final MockWebServer server = new MockWebServer();
    private TestArxiv arxiv;

    @BeforeEach
    void start() throws Exception {
        server.start();
        arxiv = new TestArxiv(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("").build();
    }

    @Test
    void readsTheListingFeedOfAllCategoriesInOneRequest() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")));

        ListingFeed feed = arxiv.client.latestListing(List.of("cs.LG", "stat.ML"));

        assertThat(feed.items()).hasSize(11);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/rss/cs.LG+stat.ML");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo(TestArxiv.USER_AGENT);
    }

    @Test
    void looksUpIdsWithOnePost() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-api-idlist-oldstyle-astro-ph-0601001.atom.xml")));

        ApiPage page = arxiv.client.byIds(List.of("astro-ph/0601001", "2105.04026"));

        assertThat(page.papers()).hasSize(1);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().utf8())
                .isEqualTo("id_list=astro-ph%2F0601001%2C2105.04026&start=0&max_results=2");
    }

    @Test
    void searchesOldestFirstWithTheGivenPage() throws Exception {
        server.enqueue(ok(Fixtures.text("arxiv-api-query-all-testing-p2.atom.xml")));

        arxiv.client.search("cat:cs.LG AND submittedDate:[202105071800 TO 202105101759]", 10, 10);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("search_query"))
                .isEqualTo("cat:cs.LG AND submittedDate:[202105071800 TO 202105101759]");
        assertThat(request.getUrl().queryParameter("start")).isEqualTo("10");
        assertThat(request.getUrl().queryParameter("max_results")).isEqualTo("10");
        assertThat(request.getUrl().queryParameter("sortBy")).isEqualTo("submittedDate");
        assertThat(request.getUrl().queryParameter("sortOrder")).isEqualTo("ascending");
    }

    @Test
    void consecutiveRequestsStartAtLeastTheIntervalApart() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(ok(Fixtures.text("arxiv-api-idlist-empty-0000.0000.atom.xml")));
        }

        for (int i = 0; i < 3; i++) {
            arxiv.client.byIds(List.of("0704.0001"));
        }

        // no real time passes in the test, so each request after the first waits the full interval
        assertThat(arxiv.sleeper.waits()).containsExactly(TestArxiv.INTERVAL, TestArxiv.INTERVAL);
    }

    @Test
    void a503WithRetryAfterIsWaitedOutAsToldThenRetried() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "17").body("busy").build());
        server.enqueue(ok(Fixtures.text("arxiv-api-idlist-versioned-2104.12255v1.atom.xml")));

        ApiPage page = arxiv.client.byIds(List.of("2104.12255"));

        assertThat(page.papers()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(arxiv.backoff.waits()).containsExactly(Duration.ofSeconds(17));
        assertThat(arxiv.sleeper.waits()).as("the retry already waited longer than the interval").isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffThenFailClearly() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(status(500));
        }

        assertThatThrownBy(() -> arxiv.client.byIds(List.of("2104.12255")))
                .isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("failed after 5 attempt(s)")
                .hasMessageContaining("HTTP 500");
        assertThat(server.getRequestCount()).isEqualTo(5);
        List<Duration> backoffs = arxiv.backoff.waits();
        assertThat(backoffs).hasSize(4);
        for (int i = 1; i < backoffs.size(); i++) {
            assertThat(backoffs.get(i)).isGreaterThanOrEqualTo(backoffs.get(i - 1).dividedBy(2));
        }
        assertThat(backoffs.get(3)).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aConnectionResetAndATruncatedBodyAreRetried() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        String body = Fixtures.text("arxiv-api-query-all-testing-p1.atom.xml");
        server.enqueue(ok(body.substring(0, body.length() / 2)));
        server.enqueue(ok(body));

        ApiPage page = arxiv.client.search("all:testing", 0, 10);

        assertThat(page.papers()).hasSize(10);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void anEmptyPageWhereResultsWereAnnouncedIsRetried() {
        server.enqueue(ok(AtomBodies.feed(25, 10, List.of())));
        server.enqueue(ok(Fixtures.text("arxiv-api-query-all-testing-p2.atom.xml")));

        ApiPage page = arxiv.client.search("all:testing", 10, 10);

        assertThat(page.papers()).hasSize(10);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anErrorEntryFailsAtOnceWithArxivsMessage() {
        server.enqueue(new MockResponse.Builder().code(400)
                .body(Fixtures.text("arxiv-api-error-400-incorrect-id-format.atom.xml")).build());

        assertThatThrownBy(() -> arxiv.client.byIds(List.of("abc")))
                .isInstanceOf(ArxivApiException.class)
                .hasMessage("arXiv API rejected the request: arXiv API error: incorrect id format for abc");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aBadCategoryIsReportedWithTheFeedsMessage() {
        server.enqueue(new MockResponse.Builder().code(400)
                .body(Fixtures.text("arxiv-rss-error-bad-archive.xml")).build());

        assertThatThrownBy(() -> arxiv.client.latestListing(List.of("astroph")))
                .isInstanceOf(ArxivApiException.class)
                .hasMessageStartingWith("arXiv listing feed rejected the request: Bad archive 'astroph'.");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anOversizedResponseIsCutOffWithAClearErrorAndNotRetried() {
        String huge = "<feed>" + "x".repeat((int) TestArxiv.RESPONSE_LIMIT * 2) + "</feed>";
        server.enqueue(ok(huge));
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(huge, 64 * 1024).build());

        assertThatThrownBy(() -> arxiv.client.search("all:testing", 0, 10))
                .isInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("larger than 1 MB, the limit set by HOTPAPERS_MAX_RESPONSE_MB");
        assertThatThrownBy(() -> arxiv.client.search("all:testing", 0, 10))
                .hasMessageContaining("larger than 1 MB");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aReadTimeoutIsRetried() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS)
                .body(Fixtures.text("arxiv-api-idlist-empty-0000.0000.atom.xml")).build());
        server.enqueue(ok(Fixtures.text("arxiv-api-idlist-empty-0000.0000.atom.xml")));
        TestArxiv impatient = new TestArxiv(server, Duration.ofMillis(500));

        ApiPage page = impatient.client.byIds(List.of("0000.0000"));

        assertThat(page.entryCount()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
