package io.hotpapers.scheduler.jobs;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.http.RetriesExhaustedException;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.x.BearerTokenInterceptor;
import io.hotpapers.social.x.QueryPacker;
import io.hotpapers.social.x.XClient;
import io.hotpapers.social.x.XSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
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
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.StoredRows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
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
    private final MockWebServer x = new MockWebServer();
    private final FakeArxiv fake = new FakeArxiv();
    private final List<String> xQueries = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private MutableClock clock;
    private PaperStore papers;
    private ListingStore listings;
    private IngestRunStore runs;
    private DigestStore digests;
    private DigestService digestService;

    /** Answers backfill searches (one paper per window), id lookups (nothing) and the listing feed (by turns). */
    private static final class FakeArxiv extends Dispatcher {
        final List<String> searchWindows = new CopyOnWriteArrayList<>();
        final List<String> lookups = new CopyOnWriteArrayList<>();
        final Set<String> failingWindows = ConcurrentHashMap.newKeySet();
        final AtomicInteger feedReads = new AtomicInteger();
        volatile List<String> feedDates = List.of();
        volatile boolean lookupsFail;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().startsWith("/rss/")) {
                int turn = Math.min(feedReads.getAndIncrement(), feedDates.size() - 1);
                return ok(Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")
                        .replace("Thu, 28 Nov 2024 00:00:00 -0500", feedDates.get(turn)));
            }
            String query = request.getUrl().queryParameter("search_query");
            if (query == null) {
                return lookup(request.getBody() == null ? "" : request.getBody().utf8());
            }
            String window = query.substring(query.indexOf("submittedDate:") + 14, query.indexOf(" OR lastUpdatedDate"));
            searchWindows.add(window);
            if (failingWindows.contains(window)) {
                return new MockResponse.Builder().code(503).body("").build();
            }
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

        /** An id lookup: every id asked for, as a cs.LG paper, unless lookups fail. */
        private MockResponse lookup(String body) {
            if (lookupsFail) {
                return new MockResponse.Builder().code(503).body("").build();
            }
            String ids = URLDecoder.decode(body.replaceAll(".*id_list=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            lookups.add(ids);
            StringBuilder entries = new StringBuilder();
            for (String id : ids.split(",")) {
                // submitted in the id's month (YYMM.NNNNN), so never after the clock of a test about that month
                String submitted = "20" + id.substring(0, 2) + "-" + id.substring(2, 4) + "-01T10:00:00Z";
                entries.append("""
                        <entry><id>http://arxiv.org/abs/%sv1</id><title>Paper %s</title>
                        <updated>%s</updated><published>%s</published>
                        <summary>Abstract</summary><category term="cs.LG"/><author><name>Ada</name></author></entry>
                        """.formatted(id, id, submitted, submitted));
            }
            return ok(EMPTY_FEED.replace("</feed>", entries + "</feed>"));
        }

        private static MockResponse ok(String body) {
            return new MockResponse.Builder().code(200).body(body).build();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        arxiv.setDispatcher(fake);
        arxiv.start();
        x.start();
        log.start();
        jobsLogger().addAppender(log);
    }

    @AfterEach
    void stop() {
        jobsLogger().detachAppender(log);
        arxiv.close();
        x.close();
    }

    private static Logger jobsLogger() {
        return (Logger) LoggerFactory.getLogger(IngestionJobs.class);
    }

    private List<String> logLines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private IngestionJobs jobs(MutableClock at) {
        return jobs(at, DaemonSettings.DEFAULT_CATCH_UP_DAYS, false, null);
    }

    /**
     * The jobs on a test clock: catch-up over {@code catchUpDays}, X discovery against the X stand-in if asked,
     * and the listing job waiting through {@code waits} (the fake sleeper when null).
     */
    private IngestionJobs jobs(MutableClock at, int catchUpDays, boolean withX, Sleeper waits) {
        clock = at;
        FakeSleeper sleeper = new FakeSleeper(clock);
        OkHttpClient http = new OkHttpClient();
        ArxivClient client = new ArxivClient(arxiv.url("/api/query"), arxiv.url("/rss/"), http, clock,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)));
        papers = new PaperStore(postgres.jdbi(), clock);
        listings = new ListingStore(postgres.jdbi(), clock);
        MetadataAttemptStore attempts = new MetadataAttemptStore(postgres.jdbi(), clock);
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        digests = new DigestStore(postgres.jdbi(), new ObjectMapper());
        MailingCalendar calendar = new MailingCalendar(List.of());
        CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());
        digestService = new DigestService(new DigestQuery(postgres.jdbi(), papers), digests,
                new TrendsQuery(postgres.jdbi()), new ObjectMapper(), new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg"), null, clock);
        DaemonSettings settings = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3), LocalTime.of(9, 0),
                Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(1), null,
                catchUpDays);
        return new IngestionJobs(
                new ListingIngestService(client, papers, listings, attempts, runs,
                        new MetadataFetcher(client, papers, 2000)),
                new BackfillService(client, calendar, listings, runs, clock, 2000),
                withX ? List.of(discovery(sleeper)) : List.of(), List.of(),
                digestService, listings, attempts, runs, calendar, selection, 7, settings, digestDirectory, clock,
                waits == null ? sleeper : waits);
    }

    /** Discovery wired as in production against the X stand-in, which finds no posts. */
    private DiscoveryService discovery(FakeSleeper sleeper) {
        x.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                xQueries.add(String.valueOf(request.getUrl().queryParameter("query")));
                return new MockResponse.Builder().code(200).body("{\"meta\":{\"result_count\":0}}").build();
            }
        });
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(new BearerTokenInterceptor(new Secret("test-token"))).build();
        XClient client = new XClient(x.url("/"), http, clock,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)), new ObjectMapper());
        PostBudget budget = new PostBudget(new UsageStore(postgres.jdbi()), XSource.NAME, 10_000, clock);
        XSource source = new XSource(client, new QueryPacker(512), new ArxivLinkExtractor(), budget, false, 50, clock);
        return new DiscoveryService(source, papers, new PostStore(postgres.jdbi(), clock),
                new SnapshotStore(postgres.jdbi()), new CursorStore(postgres.jdbi(), clock), runs, clock);
    }

    @Test
    void catchUpAfterThreeMissedMailingsDoesEachDateOnce() {
        // stored up to Monday 2021-05-10; back on Thursday morning: Tuesday, Wednesday and Thursday were missed
        IngestionJobs jobs = jobs(MutableClock.at("2021-05-13T12:00:00Z"));
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-10"), "cs.LG", "2105.00001",
                AnnounceType.NEW)));

        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).containsExactly("[202105071800 TO 202105101759]",
                "[202105101800 TO 202105111759]", "[202105111800 TO 202105121759]");
        for (String date : List.of("2021-05-11", "2021-05-12", "2021-05-13")) {
            assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse(date))).as(date).hasSize(1);
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
        assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse("2024-11-28"))).isNotEmpty();
    }

    @Test
    @Tag("reliability")
    void aListingRunThatStraddlesMidnightEasternKeepsTheDateItStartedFor() {
        // Wednesday 23:58 US Eastern; the feed moves only after midnight: still Thursday's mailing, not Friday's
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T04:58:00Z"));
        fake.feedDates = List.of("Wed, 27 Nov 2024 00:00:00 -0500", "Thu, 28 Nov 2024 00:00:00 -0500");

        jobs.run(Task.LISTING);

        assertThat(fake.feedReads.get()).isEqualTo(2);
        assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse("2024-11-28"))).isNotEmpty();
    }

    @Test
    void noListingIsExpectedBeforeAWeekend() {
        // Friday evening: no announcement, so the feed is not even read
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-30T01:05:00Z"));

        jobs.run(Task.LISTING);

        assertThat(fake.feedReads.get()).isZero();
    }

    @Test
    @Tag("reliability")
    void metadataThatFailedOnListingNightIsFetchedByTheNextRunAndTheDigestThenIncludesThePaper() throws Exception {
        // Wednesday 20:05 US Eastern: Thursday's listing is stored, but arXiv's API fails for its metadata
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T01:05:00Z"));
        LocalDate thursday = LocalDate.parse("2024-11-28");
        fake.feedDates = List.of("Thu, 28 Nov 2024 00:00:00 -0500");
        fake.lookupsFail = true;
        assertThatThrownBy(() -> jobs.run(Task.LISTING)).isInstanceOf(RetriesExhaustedException.class);
        assertThat(StoredRows.listedWithoutMetadata(postgres.jdbi(), thursday)).containsExactly("2411.17702", "2411.17705");
        popular("2411.17702");

        // a digest written now cannot show the papers, and says which are missing
        Path early = digestDirectory.resolve("early");
        digestService.write(thursday, DigestParameters.defaults(List.of("cs.LG")), null, EnumSet.of(DigestFormat.JSON),
                early);
        JsonNode before = new ObjectMapper().readTree(early.resolve("hot-papers-2024-11-28.json").toFile());
        assertThat(before.path("entries")).isEmpty();
        assertThat(before.path("missingMetadata")).extracting(JsonNode::asText)
                .containsExactly("2411.17702", "2411.17705");

        // Thursday 20:05: the next listing run first asks again for what is owed
        clock.set(Instant.parse("2024-11-29T01:05:00Z"));
        fake.lookupsFail = false;
        fake.feedDates = List.of("Fri, 29 Nov 2024 00:00:00 -0500");
        jobs.run(Task.LISTING);
        assertThat(fake.lookups.get(0)).isEqualTo("2411.17702,2411.17705");
        assertThat(StoredRows.listedWithoutMetadata(postgres.jdbi(), thursday)).isEmpty();

        // Friday 09:00 UTC: Thursday's digest shows the paper; the site update after it fails, the digest stands
        clock.set(Instant.parse("2024-11-29T09:00:00Z"));
        java.util.concurrent.atomic.AtomicInteger siteUpdates = new java.util.concurrent.atomic.AtomicInteger();
        jobs.afterEachDigest(written -> {
            siteUpdates.incrementAndGet();
            throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
        });
        jobs.run(Task.DIGEST);
        assertThat(siteUpdates).hasValue(1);
        JsonNode digest = new ObjectMapper().readTree(digestDirectory.resolve("hot-papers-2024-11-28.json").toFile());
        assertThat(digest.path("entries")).extracting(entry -> entry.path("arxivId").asText())
                .containsExactly("2411.17702");
        assertThat(digest.path("missingMetadata")).isEmpty();
    }

    /** A post linking the paper, liked enough for the digest. */
    private void popular(String arxivId) {
        new PostStore(postgres.jdbi(), clock).upsert(List.of(new PostStore.LinkedPost(XPosts.post(1L, 11L, "ada",
                "Ada", "a paper", "en", Instant.parse("2024-11-28T02:00:00Z")), Set.of(arxivId))));
        new SnapshotStore(postgres.jdbi()).append(List.of(XPosts.snapshot(1L, Instant.parse("2024-11-28T03:00:00Z"),
                10, 200, 0, 0, null, null)));
    }

    @Test
    @Tag("reliability")
    void aFailedCatchUpDateIsRedoneAfterALaterDateSucceeded() {
        // stored up to Monday 2021-05-10; on Wednesday, Tuesday's search fails and Wednesday's succeeds
        IngestionJobs jobs = jobs(MutableClock.at("2021-05-12T12:00:00Z"));
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-10"), "cs.LG", "2105.00001",
                AnnounceType.NEW)));
        String tuesday = "[202105071800 TO 202105101759]";
        String wednesday = "[202105101800 TO 202105111759]";
        fake.failingWindows.add(tuesday);

        assertThatThrownBy(() -> jobs.run(Task.CATCH_UP)).hasMessageStartingWith("catch-up failed for 1 of 3");
        assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse("2021-05-11"))).isEmpty();
        assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse("2021-05-12"))).hasSize(1);

        fake.failingWindows.clear();
        fake.searchWindows.clear();
        clock.advance(Duration.ofHours(1));
        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).as("only the failed date is asked again").containsExactly(tuesday)
                .doesNotContain(wednesday);
        assertThat(StoredRows.listings(postgres.jdbi(), LocalDate.parse("2021-05-11"))).hasSize(1);
        assertThat(runs.isDone(BackfillService.JOB, "2021-05-11 cs.LG")).isTrue();
    }

    @Test
    @Tag("reliability")
    void catchUpIsBoundedToItsWindowAndNamesTheBackfillCommandForTheRestOnce() {
        // newest stored date 2021-04-01, back six weeks later with a window of three mailing dates
        IngestionJobs jobs = jobs(MutableClock.at("2021-05-13T12:00:00Z"), 3, false, null);
        listings.record(List.of(new Listing(LocalDate.parse("2021-04-01"), "cs.LG", "2104.00001",
                AnnounceType.NEW)));

        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).containsExactly("[202105071800 TO 202105101759]",
                "[202105101800 TO 202105111759]", "[202105111800 TO 202105121759]");
        assertThat(logLines()).filteredOn(line -> line.contains("hotpapers backfill")).singleElement().asString()
                .contains("30 mailing date(s) missing since 2021-04-01")
                .contains("catching up only the last 3 (2021-05-11 to 2021-05-13")
                .endsWith("for the other 27 run: hotpapers backfill --from 2021-04-02 --to 2021-05-10");
        assertThat(logLines()).contains("Catch-up 2021-05-13 done (3/3 dates, ETA 0:00:00)");

        log.list.clear();
        clock.advance(Duration.ofHours(1));
        jobs.run(Task.CATCH_UP);
        assertThat(logLines()).noneMatch(line -> line.contains("hotpapers backfill"));
        assertThat(fake.searchWindows).hasSize(3);
    }

    @Test
    void aNewListingIsSearchedOnXTheSameEvening() {
        // Wednesday 20:05 US Eastern: Thursday's papers are searched now, not after midnight
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T01:05:00Z"), 7, true, null);
        fake.feedDates = List.of("Thu, 28 Nov 2024 00:00:00 -0500");

        jobs.run(Task.LISTING);

        assertThat(xQueries).singleElement().asString().contains("2411.17702").contains("2411.17705");
        assertThat(runs.isDone(DiscoveryService.JOB, "x 2024-11-28..2024-11-28 cs.LG")).isTrue();
    }

    @Test
    void theHourlyDiscoveryRoundIncludesTheAnnouncementAlreadyIngested() {
        // Wednesday 21:00 US Eastern: Thursday's listing is stored; the Eastern calendar still says Wednesday
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T02:00:00Z"), 7, true, null);
        listings.record(List.of(new Listing(LocalDate.parse("2024-11-28"), "cs.LG", "2411.17702",
                AnnounceType.NEW)));

        jobs.run(Task.DISCOVERY);

        assertThat(xQueries).singleElement().asString().contains("2411.17702");
    }

    @Test
    @Timeout(30)
    void aStopEndsTheWaitForTheFeedAtOnceAndSaysTheListingWasCutShort() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        Sleeper untilInterrupted = duration -> {
            waiting.countDown();
            new CountDownLatch(1).await(); // returns only when interrupted
        };
        IngestionJobs jobs = jobs(MutableClock.at("2024-11-28T01:05:00Z"), 7, false, untilInterrupted);
        fake.feedDates = List.of("Wed, 27 Nov 2024 00:00:00 -0500");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                jobs.run(Task.LISTING);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        job.start();
        assertThat(waiting.await(20, TimeUnit.SECONDS)).as("the job waits for the feed").isTrue();

        jobs.beginStop();
        job.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(job.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(logLines()).contains("Listing of 2024-11-28 cut short by shutdown (arXiv's feed still showed "
                + "2024-11-27); catch-up fetches it at the next start");
        assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);
        assertThat(fake.feedReads.get()).isEqualTo(1);
    }

    @Test
    void aJobThatFiresOnceTheStopBeganDoesNothingAndLogsNoError() {
        IngestionJobs jobs = jobs(MutableClock.at("2021-05-13T12:00:00Z"));
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-10"), "cs.LG", "2105.00001",
                AnnounceType.NEW)));

        jobs.beginStop();
        jobs.run(Task.CATCH_UP);

        assertThat(fake.searchWindows).isEmpty();
        assertThat(runs.recent(10)).isEmpty();
        assertThat(logLines()).containsExactly("Job catch-up not started: the daemon is stopping");
        assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    }
}
