package io.hotpapers.social;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery and refresh rounds end to end: listings in, tweets, links, snapshots and cursors out. */
class SocialServicesTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    /** Midnight US Eastern of the mailing date: the age of the paper counts from here. */
    private static final Instant ANNOUNCED = Instant.parse("2021-05-11T04:00:00Z");
    private static final String LINK = "https://arxiv.org/pdf/2105.04026v1.pdf";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(ANNOUNCED.plus(Duration.ofHours(10)));
    private TestX x;
    private PostStore tweets;
    private SnapshotStore snapshots;
    private CursorStore cursors;
    private DiscoveryService discovery;
    private RefreshService refresh;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        server.start();
        x = new TestX(server, postgres.jdbi(), clock, 10_000, false);
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", "2105.00001", AnnounceType.NEW),
                new Listing(MAILING.minusDays(20), "cs.CV", "2104.00001", AnnounceType.NEW)));
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        cursors = new CursorStore(postgres.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        discovery = new DiscoveryService(x.source, papers, tweets, snapshots, cursors, runs, clock);
        refresh = new RefreshService(x.source, tweets, snapshots, runs, RefreshPolicy.standard(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private void discoverOneTweet() {
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(500, 11, "2021-05-11T06:10:02.000Z", 10, 100, false, LINK)),
                "500", null)));
        discovery.discoverActive(List.of("cs.LG"), 7);
    }

    @Test
    void discoveryStoresTweetsLinksAFirstSnapshotAndTheCursor() throws Exception {
        discoverOneTweet();

        assertThat(server.takeRequest().getUrl().queryParameter("query"))
                .contains("url:\"2105.04026\"").contains("url:\"2105.00001\"").doesNotContain("2104.00001");
        assertThat(tweets.find("x", XPosts.id(500)).orElseThrow().post().authorHandle()).isEqualTo("ada");
        assertThat(tweets.linkedPapers("x", XPosts.id(500))).containsExactly("2105.04026");
        assertThat(snapshots.history("x", XPosts.id(500))).containsExactly(
                XPosts.snapshot(500, clock.instant(), 10, 100, 1, 2, 3L, 1000L));
        assertThat(cursors.cursors("x", List.of("2105.04026", "2105.00001")))
                .isEqualTo(Map.of("2105.04026", "500", "2105.00001", "500"));
    }

    @Test
    void aSecondRoundReadsOnlyNewerPostsAndStoresNothingTwice() throws Exception {
        discoverOneTweet();
        server.takeRequest();
        clock.advance(Duration.ofHours(1));
        server.enqueue(ok(XBodies.page(List.of(), null, null)));

        discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(server.takeRequest().getUrl().queryParameter("since_id")).isEqualTo("500");
        int stored = postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM posts")
                .mapTo(Integer.class).one());
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void refreshFollowsThePolicyByPaperAge() throws Exception {
        discoverOneTweet();
        server.takeRequest();

        clock.advance(Duration.ofMinutes(30));
        assertThat(refresh.due()).as("half an hour after the first snapshot of a day-old paper").isEmpty();

        clock.advance(Duration.ofMinutes(30));
        assertThat(refresh.due()).containsExactly("500");
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(500, 11, "2021-05-11T06:10:02.000Z", 20, 300, false, LINK)),
                null, null)));
        RefreshService.Result result = refresh.refresh();

        assertThat(result.snapshots()).isEqualTo(1);
        assertThat(snapshots.history("x", XPosts.id(500))).extracting(PostSnapshot::likes).containsExactly(100L, 300L);
        assertThat(server.takeRequest().getUrl().queryParameter("ids")).isEqualTo("500");

        clock.advance(Duration.ofDays(2));
        assertThat(refresh.due()).as("on day 3, every 6 hours").containsExactly("500");
        clock.advance(Duration.ofDays(40));
        assertThat(refresh.due()).as("past day 30, never").isEmpty();
    }

    @Test
    void aGonePostIsMarkedKeepsItsHistoryAndIsNoLongerRefreshed() throws Exception {
        discoverOneTweet();
        server.takeRequest();
        clock.advance(Duration.ofHours(2));
        server.enqueue(ok(XBodies.page(List.of(), null, null, XBodies.notFound(500))));

        RefreshService.Result result = refresh.refresh();

        assertThat(result.gone()).isEqualTo(1);
        assertThat(tweets.find("x", XPosts.id(500)).orElseThrow().goneAt()).isEqualTo(clock.instant());
        assertThat(snapshots.history("x", XPosts.id(500))).hasSize(1);
        clock.advance(Duration.ofHours(2));
        assertThat(refresh.due()).isEmpty();
    }

    @Test
    @Tag("reliability")
    void aStopEndsDiscoveryAfterThePageInFlightKeepsWhatItReadAndMarksTheRunInterrupted() {
        StopSignal stop = new StopSignal();
        TestX stopping = new TestX(server, postgres.jdbi(), clock, 10_000, false, stop);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        DiscoveryService service = new DiscoveryService(stopping.source, new PaperStore(postgres.jdbi(), clock), tweets,
                snapshots, cursors, runs, clock, stop);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                stop.request("SIGTERM", 143); // arrives while the first page is in flight; a second page waits
                return ok(XBodies.page(List.of(XBodies.tweet(500, 11, "2021-05-11T06:10:02.000Z", 10, 100, false, LINK)),
                        "500", "next-page"));
            }
        });

        DiscoveryService.Result result = service.discoverActive(List.of("cs.LG"), 7);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(result.postsStored()).isEqualTo(1);
        assertThat(result.budgetExhausted()).as("a stop is not the monthly cap").isFalse();
        assertThat(tweets.find("x", XPosts.id(500))).as("what was read is kept").isPresent();
        assertThat(cursors.cursors("x", List.of("2105.04026", "2105.00001")))
                .as("an unfinished search does not move its cursors").isEmpty();
        assertThat(runs.latestPerJob()).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED));
        assertThat(stopping.budget.usedThisMonth()).isEqualTo(1);
    }

    @Test
    void whenDueTweetsExceedTheBudgetTheMostMovingGoFirst() {
        server.enqueue(ok(XBodies.page(List.of(
                XBodies.tweet(601, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK),
                XBodies.tweet(602, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)), "602", null)));
        discovery.discoverActive(List.of("cs.LG"), 7);
        clock.advance(Duration.ofHours(1));
        snapshots.append(List.of(XPosts.snapshot(601, clock.instant(), 2, 2, 0, 0, null, null),
                XPosts.snapshot(602, clock.instant(), 50, 400, 0, 0, null, null)));
        clock.advance(Duration.ofHours(1));

        assertThat(refresh.due()).containsExactly("602", "601");
    }
}
