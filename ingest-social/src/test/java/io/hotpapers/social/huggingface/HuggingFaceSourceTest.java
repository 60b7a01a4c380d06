package io.hotpapers.social.huggingface;

import static io.hotpapers.social.huggingface.HfStandIn.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.config.Secret;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery by whole days with look-ups only for the rest, 404s remembered, paging, 429 and 5xx, and refresh. */
@Tag("reliability")
class HuggingFaceSourceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate LISTED = LocalDate.parse("2026-08-20");
    private static final String ON_LIST = "2608.13558";
    private static final String PAGE_ONLY = "2608.20001";
    private static final String ABSENT = "2608.20002";

    private final MockWebServer server = new MockWebServer();
    private final HfStandIn standIn = new HfStandIn();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-08-25T12:00:00Z"));
    private TestHf hf;

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.setDispatcher(standIn);
        server.start();
        hf = new TestHf(server, postgres.jdbi(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<PaperTarget> targets(String... ids) {
        Map<String, String> stored = hf.cursors.cursors(HuggingFaceSource.NAME, List.of(ids));
        return java.util.Arrays.stream(ids).map(id -> new PaperTarget(id, 1, stored.get(id), LISTED)).toList();
    }

    /** What DiscoveryService does with a round's cursors. */
    private SocialSource.Discovery discover(String... ids) {
        SocialSource.Discovery found = hf.source.discover(targets(ids), LISTED.minusDays(3).atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC));
        hf.cursors.advance(HuggingFaceSource.NAME, found.cursors(), hf.source.cursorOrder());
        return found;
    }

    @Test
    void discoveryReadsTheDaysAroundTheListingAndLooksUpOnlyThePapersNoListHolds() {
        standIn.list(LISTED, entry(ON_LIST, 54, 2, LISTED), entry("2608.99999", 7, 0, LISTED));
        standIn.pages.put(PAGE_ONLY, HfStandIn.page(PAGE_ONLY, 3, null));

        SocialSource.Discovery found = discover(ON_LIST, PAGE_ONLY, ABSENT);

        assertThat(standIn.requests).containsExactly(
                "/api/daily_papers?date=2026-08-19&limit=50&p=0",
                "/api/daily_papers?date=2026-08-20&limit=50&p=0",
                "/api/daily_papers?date=2026-08-21&limit=50&p=0",
                "/api/daily_papers?date=2026-08-22&limit=50&p=0",
                "/api/daily_papers?date=2026-08-23&limit=50&p=0",
                "/api/papers/" + PAGE_ONLY,
                "/api/papers/" + ABSENT);
        assertThat(found.requests()).isEqualTo(7);
        assertThat(found.posts()).extracting(post -> post.post().postId()).containsExactly(ON_LIST, PAGE_ONLY);
        FoundPost onList = found.posts().get(0);
        assertThat(onList.post().source()).isEqualTo("huggingface");
        assertThat(onList.post().authorHandle()).isEqualTo("ada");
        assertThat(onList.post().createdAt()).isEqualTo(Instant.parse("2026-08-20T00:00:00Z"));
        assertThat(onList.arxivIds()).containsExactly(ON_LIST);
        assertThat(onList.snapshot()).isEqualTo(new PostSnapshot("huggingface", ON_LIST,
                onList.snapshot().capturedAt(), 0, 54, 2, 0, null, null));
        assertThat(hf.cursors.cursors(HuggingFaceSource.NAME, List.of(ON_LIST, PAGE_ONLY, ABSENT, "daily 2026-08-23")))
                .isEqualTo(Map.of(ON_LIST, "daily:2026-08-20", PAGE_ONLY, "page:2026-08-25",
                        ABSENT, "absent:2026-08-25", "daily 2026-08-23", "read:2026-08-23/0"));
    }

    @Test
    void aPaperNotOnHuggingFaceIsAskedAboutOnceAndAgainOnlyAfterTheRecheckPeriod() {
        standIn.list(LISTED, entry(ON_LIST, 54, 2, LISTED));
        discover(ON_LIST, ABSENT);
        standIn.requests.clear();

        clock.advance(Duration.ofHours(1));
        SocialSource.Discovery again = discover(ON_LIST, ABSENT);

        assertThat(again.requests()).as("final days are not read twice, the 404 holds").isZero();
        assertThat(standIn.requests).isEmpty();

        clock.advance(Duration.ofDays(7));
        standIn.pages.put(ABSENT, HfStandIn.page(ABSENT, 9, LocalDate.parse("2026-09-01")));
        SocialSource.Discovery recheck = discover(ON_LIST, ABSENT);

        assertThat(standIn.requests).containsExactly("/api/papers/" + ABSENT);
        assertThat(recheck.posts()).singleElement().satisfies(post -> assertThat(post.snapshot().likes()).isEqualTo(9));
        assertThat(hf.cursors.cursors(HuggingFaceSource.NAME, List.of(ABSENT)))
                .containsEntry(ABSENT, "daily:2026-09-01");
    }

    @Test
    void onItsListingDayAPaperIsLookedForInTheListsOnly() {
        clock.set(Instant.parse("2026-08-20T09:00:00Z"));

        SocialSource.Discovery found = discover(ABSENT);

        assertThat(standIn.requests).containsExactly("/api/daily_papers?date=2026-08-19&limit=50&p=0",
                "/api/daily_papers?date=2026-08-20&limit=50&p=0");
        assertThat(found.cursors()).as("neither day is final, the paper not yet looked up").isEmpty();
    }

    @Test
    void aDayOfMoreThanAPageIsPagedUntilAShortPage() {
        List<String> entries = new ArrayList<>();
        IntStream.range(0, 53).forEach(i -> entries.add(entry(String.format("2608.3%04d", i), i, 0, LISTED)));
        standIn.list(LISTED, entries.toArray(String[]::new));
        String last = "2608.30052";

        SocialSource.Discovery found = discover(last);

        assertThat(standIn.count("/api/daily_papers?date=2026-08-20")).isEqualTo(2);
        assertThat(standIn.requests).contains("/api/daily_papers?date=2026-08-20&limit=50&p=1");
        assertThat(found.posts()).singleElement().satisfies(post -> assertThat(post.snapshot().likes()).isEqualTo(52));
        assertThat(standIn.count("/api/papers/")).isZero();
    }

    @Test
    void aServerThatSendsTheSamePageForeverIsReadTwiceNotForever() throws Exception {
        server.close();
        try (MockWebServer repeating = new MockWebServer(); LogCapture log = LogCapture.of(HuggingFaceSource.class)) {
            String full = "[" + String.join(",", IntStream.range(0, 50)
                    .mapToObj(i -> entry(String.format("2608.4%04d", i), 1, 0, LISTED)).toList()) + "]";
            repeating.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return request.getUrl().encodedPath().startsWith("/api/papers/")
                            ? new MockResponse.Builder().code(404).body("{}").build()
                            : new MockResponse.Builder().code(200).body(full).build();
                }
            });
            repeating.start();
            hf = new TestHf(repeating, postgres.jdbi(), clock);

            SocialSource.Discovery found = discover(ABSENT);

            assertThat(found.requests()).as("5 days of 2 pages each, then the look-up").isEqualTo(11);
            assertThat(log.lines()).filteredOn(line -> line.contains("no paper not already seen")).hasSize(5);
        }
    }

    @Test
    void a429IsRetriedWhenTheWindowResetsAndA503AfterABackoff() throws Exception {
        server.close();
        try (MockWebServer flaky = new MockWebServer()) {
            flaky.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=42")
                    .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300")
                    .body("{\"error\":\"Too many requests\"}").build());
            flaky.enqueue(new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build());
            flaky.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"" + PAGE_ONLY
                    + "\",\"upvotes\":3}").build());
            flaky.start();
            hf = new TestHf(flaky, postgres.jdbi(), clock);

            SocialSource.Discovery found = hf.source.discover(List.of(new PaperTarget(PAGE_ONLY, 1, null)),
                    clock.instant());

            assertThat(flaky.getRequestCount()).isEqualTo(3);
            assertThat(hf.backoff.waits()).hasSize(2);
            assertThat(hf.backoff.waits().get(0)).as("the window's reset, plus a second").isEqualTo(Duration.ofSeconds(43));
            assertThat(found.posts()).singleElement().satisfies(post -> assertThat(post.post().postId())
                    .isEqualTo(PAGE_ONLY));
        }
    }

    @Test
    void anExhaustedWindowHoldsTheNextRequestUntilItResets() throws Exception {
        server.close();
        try (MockWebServer limited = new MockWebServer()) {
            limited.enqueue(new MockResponse.Builder().code(404).setHeader("RateLimit", "\"api\";r=0;t=30")
                    .body("{}").build());
            limited.enqueue(new MockResponse.Builder().code(404).setHeader("RateLimit", "\"api\";r=499;t=300")
                    .body("{}").build());
            limited.start();
            hf = new TestHf(limited, postgres.jdbi(), clock);

            hf.source.discover(List.of(new PaperTarget(ABSENT, 1, null), new PaperTarget(PAGE_ONLY, 1, null)),
                    clock.instant());

            assertThat(limited.getRequestCount()).isEqualTo(2);
            assertThat(hf.spacing.waits()).containsExactly(TestHf.INTERVAL);
            assertThat(hf.rateLimitWaits.waits()).as("until the reset (t=30) and a second, after the spacing")
                    .containsExactly(Duration.ofSeconds(31).minus(TestHf.INTERVAL));
        }
    }

    @Test
    void requestsAreSpacedByTheMinimumInterval() {
        discover(ABSENT);

        assertThat(standIn.requests).hasSize(6);
        assertThat(hf.spacing.waits()).hasSize(5).containsOnly(TestHf.INTERVAL);
    }

    @Test
    void aResetBeyondTheLongestWaitEndsTheRoundKeepingWhatWasFound() throws Exception {
        server.close();
        try (MockWebServer slow = new MockWebServer()) {
            slow.enqueue(new MockResponse.Builder().code(200).body("[" + entry(ON_LIST, 5, 0, LISTED.minusDays(1))
                    + "]").build());
            slow.enqueue(new MockResponse.Builder().code(429).setHeader("RateLimit", "\"api\";r=0;t=3600")
                    .body("{}").build());
            slow.start();
            hf = new TestHf(slow, postgres.jdbi(), clock);

            assertThatThrownBy(() -> discover(ON_LIST, ABSENT))
                    .isInstanceOfSatisfying(DiscoveryCutShortException.class, cut -> {
                        assertThat(cut.failure()).isInstanceOf(WaitTooLongException.class);
                        assertThat(cut.partial().posts()).extracting(post -> post.post().postId())
                                .containsExactly(ON_LIST);
                        assertThat(cut.partial().cursors()).containsEntry(ON_LIST, "daily:2026-08-19");
                    });
            assertThat(slow.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void aStopEndsTheRoundBetweenRequests() {
        StopSignal stop = new StopSignal();
        hf = new TestHf(server, postgres.jdbi(), clock, null, stop);
        stop.request("SIGTERM", 143);

        SocialSource.Discovery found = discover(ON_LIST);

        assertThat(standIn.requests).isEmpty();
        assertThat(found.budgetExhausted()).as("a stop is not a spent budget").isFalse();
    }

    @Test
    void theTokenGoesOnlyInTheAuthorizationHeader() throws Exception {
        hf = new TestHf(server, postgres.jdbi(), clock, new Secret(TestHf.TOKEN), new StopSignal());
        try (LogCapture log = LogCapture.of(io.hotpapers.core.http.Retrier.class)) {
            hf.source.discover(List.of(new PaperTarget(ABSENT, 1, null)), clock.instant());

            RecordedRequest request = server.takeRequest();
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestHf.TOKEN);
            assertThat(request.getUrl().toString()).doesNotContain(TestHf.TOKEN);
            assertThat(log.lines()).noneMatch(line -> line.contains(TestHf.TOKEN));
        }
    }

    @Test
    void refreshReadsADayForThePapersOnItAndLooksUpTheRestOneByOne() {
        standIn.list(LISTED, entry(ON_LIST, 54, 2, LISTED), entry("2608.20003", 1, 0, LISTED));
        standIn.pages.put(PAGE_ONLY, HfStandIn.page(PAGE_ONLY, 3, null));
        hf.cursors.advance(HuggingFaceSource.NAME, Map.of(ON_LIST, "daily:2026-08-20", "2608.20003",
                "daily:2026-08-20", "2608.20004", "daily:2026-08-20", PAGE_ONLY, "page:2026-08-21"),
                hf.source.cursorOrder());
        standIn.list(LISTED.plusDays(1)); // another day, with no due paper: never read

        SocialSource.Refresh read = hf.source.refresh(List.of(ON_LIST, "2608.20003", "2608.20004", PAGE_ONLY,
                "not-an-id"));

        assertThat(standIn.requests).hasSize(3).first().isEqualTo("/api/daily_papers?date=2026-08-20&limit=50&p=0");
        assertThat(standIn.requests).containsOnlyOnce("/api/papers/2608.20004", "/api/papers/" + PAGE_ONLY);
        assertThat(read.snapshots()).extracting(PostSnapshot::postId, PostSnapshot::likes, PostSnapshot::replies)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ON_LIST, 54L, 2L),
                        org.assertj.core.groups.Tuple.tuple("2608.20003", 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(PAGE_ONLY, 3L, 0L));
        assertThat(read.gone()).as("no longer on its day, and its page is gone").containsExactly("2608.20004");
        assertThat(read.skipped()).extracting(skip -> skip.reason()).containsExactly("not an arXiv id without version");
        assertThat(read.requests()).isEqualTo(3);
    }

    @Test
    void aWeekListingTheServerRefusesIsReadDayByDay() throws Exception {
        Map<String, String> known = new java.util.HashMap<>();
        LocalDate.parse("2026-08-17").datesUntil(LocalDate.parse("2026-08-24"))
                .forEach(day -> known.put(HfCursor.dayScope(day), HfCursor.read(day, 5).toString()));
        List<String> ids = List.of("2608.20018", "2608.20019", "2608.20020");
        for (String id : ids) {
            LocalDate day = LocalDate.parse("2026-08-" + id.substring(8));
            known.put(id, HfCursor.daily(day).toString());
            standIn.list(day, entry(id, 10, 1, day));
        }
        hf.cursors.advance(HuggingFaceSource.NAME, known, hf.source.cursorOrder());
        standIn.refused.add("2026-W34");

        try (LogCapture log = LogCapture.of(HuggingFaceSource.class)) {
            SocialSource.Refresh read = hf.source.refresh(ids);

            assertThat(standIn.requests).containsExactly(
                    "/api/daily_papers?week=2026-W34&limit=50&p=0",
                    "/api/daily_papers?date=2026-08-18&limit=50&p=0",
                    "/api/daily_papers?date=2026-08-19&limit=50&p=0",
                    "/api/daily_papers?date=2026-08-20&limit=50&p=0");
            assertThat(read.snapshots()).extracting(PostSnapshot::postId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(log.lines()).anyMatch(line -> line.contains("refused the listing of week 2026-W34"));
        }
    }
}
