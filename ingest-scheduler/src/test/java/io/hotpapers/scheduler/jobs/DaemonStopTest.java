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
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.quartz.Job;
import org.quartz.spi.JobFactory;

/** A stopping daemon starts nothing new, and waits only for the unit in flight: the grace is a ceiling. */
@Tag("reliability")
class DaemonStopTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** Far longer than any assertion below allows: a stop that waited for it would fail them. */
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration WELL_BEFORE_GRACE = Duration.ofSeconds(30);
    private static final DaemonSettings SETTINGS = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3),
            LocalTime.of(9, 0), Duration.ofHours(1), Duration.ofMinutes(15), GRACE, Duration.ofSeconds(1), null);
    private static final String EMPTY_FEED = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/test</id><title>arXiv Query</title><updated>2026-04-12T22:09:36Z</updated>
              <opensearch:itemsPerPage>0</opensearch:itemsPerPage>
              <opensearch:totalResults>0</opensearch:totalResults>
              <opensearch:startIndex>0</opensearch:startIndex>
            </feed>
            """;

    @TempDir
    Path digestDirectory;

    private final MockWebServer arxiv = new MockWebServer();
    private final StopSignal stop = new StopSignal();
    private final List<String> searches = new CopyOnWriteArrayList<>();
    private final AtomicInteger feedReads = new AtomicInteger();
    private volatile boolean stopOnSearch;
    private IngestRunStore runs;
    private ListingStore listings;
    private MutableClock clock;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        arxiv.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().startsWith("/rss/")) {
                    feedReads.incrementAndGet(); // always the previous evening's feed
                    return ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")
                            .replace("Thu, 28 Nov 2024 00:00:00 -0500", "Wed, 27 Nov 2024 00:00:00 -0500"));
                }
                String query = request.getUrl().queryParameter("search_query");
                if (query == null || !query.contains("submittedDate")) {
                    return ok(EMPTY_FEED); // a metadata look-up of owed ids, not a date
                }
                searches.add(query);
                if (stopOnSearch) {
                    stop.request("SIGTERM", 143); // arrives while the first date's request is in flight
                }
                return ok(EMPTY_FEED);
            }
        });
        arxiv.start();
    }

    @AfterEach
    void tearDown() {
        arxiv.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private IngestionJobs jobs(String now, Sleeper sleeper) {
        clock = MutableClock.at(now);
        ArxivClient client = new ArxivClient(arxiv.url("/api/query"), arxiv.url("/rss/"), new OkHttpClient(), clock,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)));
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        listings = new ListingStore(postgres.jdbi(), clock);
        MetadataAttemptStore attempts = new MetadataAttemptStore(postgres.jdbi(), clock);
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        MailingCalendar calendar = new MailingCalendar(List.of());
        DigestService digests = new DigestService(new DigestQuery(postgres.jdbi(), papers),
                new DigestStore(postgres.jdbi(), new ObjectMapper()), new TrendsQuery(postgres.jdbi()),
                new ObjectMapper(), new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg"), null, clock);
        return new IngestionJobs(new ListingIngestService(client, papers, listings, attempts, runs,
                        new MetadataFetcher(client, papers, 2000)),
                new BackfillService(client, calendar, listings, runs, clock, 2000, stop), List.of(),
                List.of(), digests, listings, attempts, runs, calendar,
                new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load()), 7, SETTINGS, digestDirectory, clock,
                sleeper, stop);
    }

    @Test
    void catchUpStartsNoNewDateAfterTheStopAndIsMarkedInterrupted() {
        // stored up to Monday; back on Thursday: three dates owed, the stop comes during the first
        IngestionJobs jobs = jobs("2021-05-13T12:00:00Z", duration -> { });
        stopOnSearch = true;
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-10"), "cs.LG", "2105.00001",
                AnnounceType.NEW)));

        jobs.run(Task.CATCH_UP);

        assertThat(searches).as("the date in flight finished; no other started").hasSize(1);
        assertThat(runs.recent(20)).filteredOn(run -> run.job().equals(BackfillService.JOB)).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(runs.recent(20)).filteredOn(run -> run.job().equals("catch-up")).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED));
        assertThat(digestDirectory).isEmptyDirectory();
    }

    @Test
    void aSignalDuringTheListingJobsFeedWaitEndsTheJobWithoutAnError() {
        // Wednesday 20:05 Eastern; the feed still shows Wednesday, so the job waits 5 minutes to look again
        AtomicInteger waits = new AtomicInteger();
        IngestionJobs jobs = jobs("2024-11-28T01:05:00Z", duration -> {
            waits.incrementAndGet();
            stop.request("SIGTERM", 143); // the signal, not the daemon's beginStop(): the job must still end
        });

        jobs.run(Task.LISTING); // no exception: an ordinary stop

        assertThat(feedReads.get()).as("no second look at the feed").isEqualTo(1);
        assertThat(waits.get()).isEqualTo(1);
        jobs.run(Task.DIGEST);
        assertThat(digestDirectory).as("no task starts after the stop").isEmptyDirectory();
    }

    @Test
    void anIdleSchedulerStopsWithoutWaitingForTheGrace() throws Exception {
        CountDownLatch caughtUp = new CountDownLatch(1);
        JobFactory idle = (bundle, scheduler) -> (Job) context -> caughtUp.countDown();
        QuartzScheduling scheduling = new QuartzScheduling(postgres.database().dataSource(), SETTINGS,
                DaemonJob.all(List.of("x")), idle);
        scheduling.start();
        assertThat(caughtUp.await(60, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        int left = scheduling.stop(GRACE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(left).isZero();
        System.out.println("idle stop took " + took);
        assertThat(took).as("idle stop took %s", took).isLessThan(WELL_BEFORE_GRACE);
        assertThat(scheduling.isRunning()).isFalse();
    }

    @Test
    void aBusySchedulerStopsWhenItsJobReachesAUnitBoundaryNotAtTheGrace() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        // a job that works in units until told to stop, as catch-up, discovery and snapshots do
        JobFactory working = (bundle, scheduler) -> (Job) context -> {
            busy.countDown();
            try {
                while (!stop.await(Duration.ofMillis(200))) {
                    // one unit of work
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        QuartzScheduling scheduling = new QuartzScheduling(postgres.database().dataSource(), SETTINGS,
                DaemonJob.all(List.of("x")), working);
        scheduling.start();
        assertThat(busy.await(60, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        stop.request("SIGTERM", 143);
        int left = scheduling.stop(GRACE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(left).as("the job ended within the grace").isZero();
        System.out.println("busy stop took " + took);
        assertThat(took).as("busy stop took %s", took).isLessThan(WELL_BEFORE_GRACE);
    }
}
