package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.arxiv.MetadataFetcher;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's work without Quartz: catch-up after downtime, and a listing job that waits for arXiv's feed. */
class IngestionJobsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String EMPTY_FEED = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/test</id><title>arXiv Query</title><updated>2026-04-12T22:09:36Z</updated>
              <opensearch:itemsPerPage>0</opensearch:itemsPerPage><opensearch:totalResults>0</opensearch:totalResults>
              <opensearch:startIndex>0</opensearch:startIndex>
            </feed>
            """;

    @TempDir
    Path digestDirectory;

    private final MockWebServer arxiv = new MockWebServer();
    private final FakeArxiv fake = new FakeArxiv();
    private MutableClock clock;
    private PaperStore papers;
    private DigestStore digests;

    /** Answers backfill searches (one paper per window), id lookups (nothing) and the listing feed (by turns). */
    private static final class FakeArxiv extends Dispatcher {
        final List<String> searchWindows = new CopyOnWriteArrayList<>();
        final AtomicInteger feedReads = new AtomicInteger();
        volatile List<String> feedDates = List.of();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().startsWith("/rss/")) {
                int turn = Math.min(feedReads.getAndIncrement(), feedDates.size() - 1);
                return ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")
                        .replace("Thu, 28 Nov 2024 00:00:00 -0500", feedDates.get(turn)));
            }
            String query = request.getUrl().queryParameter("search_query");
            if (query == null) {
                return ok(EMPTY_FEED);
            }
            String window = query.substring(query.indexOf("submittedDate:") + 14, query.indexOf(" OR lastUpdatedDate"));
            searchWindows.add(window);
            String start = window.substring(1, 9);
            String published = start.substring(0, 4) + "-" + start.substring(4, 6) + "-" + start.substring(6, 8)
                    + "T19:00:00Z";
            String id = "2105.0" + (searchWindows.size() + 1000);
            return ok(EMPTY_FEED.replace("<opensearch:totalResults>0<", "<opensearch:totalResults>1<")
                    .replace("</feed>", """
                            <entry><id>http://arxiv.org/abs/%sv1</id><title>Paper %s</title>
                            <updated>%s</updated><published>%s</published><summary>Abstract</summary>
                            <category term="cs.LG"/><author><name>Ada</name></author></entry></feed>
                            """.formatted(id, id, published, published)));
        }

        private static MockResponse ok(String body) {
            return new MockResponse.Builder().code(200).body(body).build();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        arxiv.setDispatcher(fake);
        arxiv.start();
    }

    @AfterEach
    void stop() {
        arxiv.close();
    }

    private IngestionJobs jobs(MutableClock at) {
        clock = at;
        FakeSleeper sleeper = new FakeSleeper(clock);
        OkHttpClient http = new OkHttpClient();
        ArxivClient client = new ArxivClient(arxiv.url("/api/query"), arxiv.url("/rss/"), http, clock,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)));
        papers = new PaperStore(postgres.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        digests = new DigestStore(postgres.jdbi(), new ObjectMapper());
        MailingCalendar calendar = new MailingCalendar(List.of());
        CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());
        DigestService digestService = new DigestService(new DigestQuery(postgres.jdbi(), papers), digests,
                new TrendsQuery(postgres.jdbi()), new ObjectMapper(), new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg"), null, clock);
        DaemonSettings settings = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3), LocalTime.of(9, 0),
                Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(1), null);
        return new IngestionJobs(
                new ListingIngestService(client, papers, runs, new MetadataFetcher(client, papers, 2000)),
                new BackfillService(client, calendar, papers, runs, clock, 2000), Optional.empty(), Optional.empty(),
                digestService, papers, runs, calendar, selection, 7, settings, digestDirectory, clock, sleeper);
    }

    @Test
    void catchUpAfterThreeMissedMailingsDoesEachDateOnce() {
        // stored up to Monday 2021-05-10; back on Thursday morning: Tuesday, Wednesday and Thursday were missed
        IngestionJobs jobs = jobs(MutableClock.at("2021-05-13T12:00:00Z"));
        papers.recordListings(List.of(new Listing(LocalDate.parse("2021-05-10"), "cs.LG", "2105.00001",
                AnnounceType.NEW)));

        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).containsExactly("[202105071800 TO 202105101759]",
                "[202105101800 TO 202105111759]", "[202105111800 TO 202105121759]");
        for (String date : List.of("2021-05-11", "2021-05-12", "2021-05-13")) {
            assertThat(papers.listings(LocalDate.parse(date))).as(date).hasSize(1);
        }
        // digests are due at 09:00 UTC the day after: Monday's to Wednesday's, not yet Thursday's
        for (String date : List.of("2021-05-10", "2021-05-11", "2021-05-12")) {
            assertThat(digests.latest(LocalDate.parse(date))).as(date).isPresent();
            assertThat(digestDirectory.resolve("hot-papers-" + date + ".md")).exists();
        }
        assertThat(digests.latest(LocalDate.parse("2021-05-13"))).isEmpty();

        clock.advance(Duration.ofHours(1));
        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).as("nothing asked twice").hasSize(3);
        int stored = postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM digests")
                .mapTo(Integer.class).one());
        assertThat(stored).isEqualTo(3);
    }

    @Test
    void theListingJobWaitsWhileTheFeedStillShowsThePreviousDate() {
        // Wednesday 2024-11-27, 20:05 US Eastern: the feed should move to Thursday's mailing
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T01:05:00Z"));
        fake.feedDates = List.of("Wed, 27 Nov 2024 00:00:00 -0500", "Thu, 28 Nov 2024 00:00:00 -0500");

        jobs.run(Task.LISTING);

        assertThat(fake.feedReads.get()).isEqualTo(2);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-11-28T01:10:00Z"));
        assertThat(papers.listings(LocalDate.parse("2024-11-28"))).isNotEmpty();
    }

    @Test
    @Tag("reliability")
    void aListingRunThatStraddlesMidnightEasternKeepsTheDateItStartedFor() {
        // Wednesday 23:58 US Eastern; the feed moves only after midnight: still Thursday's mailing, not Friday's
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T04:58:00Z"));
        fake.feedDates = List.of("Wed, 27 Nov 2024 00:00:00 -0500", "Thu, 28 Nov 2024 00:00:00 -0500");

        jobs.run(Task.LISTING);

        assertThat(fake.feedReads.get()).isEqualTo(2);
        assertThat(papers.listings(LocalDate.parse("2024-11-28"))).isNotEmpty();
    }

    @Test
    void noListingIsExpectedBeforeAWeekend() {
        // Friday evening: no announcement, so the feed is not even read
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-30T01:05:00Z"));

        jobs.run(Task.LISTING);

        assertThat(fake.feedReads.get()).isZero();
    }
}
