package io.hotpapers.social.x;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import io.hotpapers.social.TestX;
import io.hotpapers.social.XBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("reliability")
class XSourceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2021-05-12T12:00:00Z");
    private static final Instant ANNOUNCED = Instant.parse("2021-05-10T04:00:00Z");
    private static final String LINK = "https://arxiv.org/abs/2105.04026v1";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestX x(long cap, boolean fullArchive) {
        return new TestX(server, postgres.jdbi(), clock, cap, fullArchive);
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private static List<PaperTarget> twoPapers() {
        return List.of(new PaperTarget("2105.04026", 1, null), new PaperTarget("2105.00001", 1, null));
    }

    @Test
    void searchesOriginalPostsWithTheFieldsItNeedsAndKeepsOnlyThoseLinkingPapers() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(
                XBodies.tweet(1392047329712558080L, 11, "2021-05-11T06:10:02.000Z", 40, 500, false, LINK),
                XBodies.tweet(1392047329712558081L, 12, "2021-05-11T07:00:00.000Z", 40, 0, true, LINK),
                XBodies.tweet(1392047329712558082L, 12, "2021-05-11T08:00:00.000Z", 1, 1, false,
                        "https://example.org/2105.04026")), "1392047329712558082", null)));

        SocialSource.Discovery found = x(10_000, false).source.discover(twoPapers(), ANNOUNCED);

        RecordedRequest request = server.takeRequest();
        HttpUrl url = request.getUrl();
        assertThat(url.encodedPath()).isEqualTo("/2/tweets/search/recent");
        assertThat(url.queryParameter("query")).isEqualTo("(url:\"2105.04026\" OR url:\"2105.04026v1\" OR "
                + "url:\"2105.00001\" OR url:\"2105.00001v1\") -is:retweet");
        assertThat(url.queryParameter("tweet.fields"))
                .isEqualTo("created_at,public_metrics,entities,lang,author_id,referenced_tweets");
        assertThat(url.queryParameter("expansions")).as("X bills every user object: authors are looked up apart")
                .isNull();
        assertThat(url.queryParameter("user.fields")).isNull();
        assertThat(url.queryParameter("max_results")).isEqualTo("100");
        assertThat(url.queryParameter("start_time")).isEqualTo("2021-05-10T04:00:00Z");
        assertThat(url.queryParameter("since_id")).isNull();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestX.TOKEN);

        assertThat(found.posts()).singleElement().satisfies(post -> {
            assertThat(post.post().postId()).isEqualTo("1392047329712558080");
            assertThat(post.post().authorHandle()).isEqualTo("ada");
            assertThat(post.post().authorName()).isEqualTo("Ada <Lovelace>");
            assertThat(post.arxivIds()).containsExactly("2105.04026");
            assertThat(post.snapshot()).isEqualTo(XPosts.snapshot(1392047329712558080L, NOW, 40, 500, 1, 2, 3L, 1000L));
        });
        assertThat(found.cursors()).isEqualTo(Map.of("2105.04026", "1392047329712558082", "2105.00001", "1392047329712558082"));
        assertThat(found.postsRead()).isEqualTo(3);
    }

    @Test
    void pagesWithNextTokenAndStopsWhenATokenRepeats() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(4, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                "4", "token-1")));
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(3, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                "4", "token-2")));
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(2, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                "4", "token-2")));

        SocialSource.Discovery found = x(10_000, false).source.discover(twoPapers(), ANNOUNCED);

        assertThat(found.requests()).isEqualTo(3);
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().queryParameter("next_token")).isEqualTo("token-1");
        assertThat(server.takeRequest().getUrl().queryParameter("next_token")).isEqualTo("token-2");
        assertThat(found.posts()).hasSize(3);
    }

    @Test
    void laterRoundsAskOnlyForNewerPosts() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(), null, null)));

        x(10_000, false).source.discover(List.of(new PaperTarget("2105.04026", 1, "500"),
                new PaperTarget("2105.00001", 1, "300")), ANNOUNCED);

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.queryParameter("since_id")).isEqualTo("300");
        assertThat(url.queryParameter("start_time")).isNull();
    }

    @Test
    void a429IsWaitedOutUntilTheWindowResets() {
        long reset = NOW.plusSeconds(60).getEpochSecond();
        server.enqueue(new MockResponse.Builder().code(429).setHeader("x-rate-limit-reset", Long.toString(reset))
                .body("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")
                .build());
        server.enqueue(ok(XBodies.page(List.of(), null, null)));
        TestX x = x(10_000, false);

        x.source.discover(twoPapers(), ANNOUNCED);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(x.backoff.waits()).containsExactly(Duration.ofSeconds(61));
    }

    @Test
    void a503AndMalformedJsonAreRetriedWithBackoff() {
        server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
        server.enqueue(ok("{\"data\":[{\"id\":"));
        server.enqueue(ok(XBodies.page(List.of(), null, null)));
        TestX x = x(10_000, false);

        SocialSource.Discovery found = x.source.discover(twoPapers(), ANNOUNCED);

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(x.backoff.waits()).hasSize(2);
        assertThat(found.requests()).isEqualTo(1);
    }

    @Test
    void noRequestIsSentWhileTheWindowHasNothingLeft() {
        long reset = NOW.plusSeconds(300).getEpochSecond();
        server.enqueue(new MockResponse.Builder().code(200).setHeader("x-rate-limit-limit", "450")
                .setHeader("x-rate-limit-remaining", "0").setHeader("x-rate-limit-reset", Long.toString(reset))
                .body(XBodies.page(List.of(), null, null)).build());
        server.enqueue(ok(XBodies.page(List.of(), null, null)));
        TestX x = x(10_000, false);

        x.source.discover(List.of(new PaperTarget("2105.04026", 1, null)), ANNOUNCED);
        Instant before = clock.instant();
        x.source.discover(List.of(new PaperTarget("2105.00001", 1, null)), ANNOUNCED);

        assertThat(x.rateLimitWaits.waits()).containsExactly(Duration.ofSeconds(301));
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofSeconds(301));
        assertThat(x.limiter.window("/2/tweets/search/recent").remaining()).isZero();
    }

    @Test
    void aRejectedQueryIsSplitUntilTheRejectedPaperIsFoundAndRecorded() {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String query = request.getUrl().queryParameter("query");
                if (query.contains("2105.00001")) {
                    return new MockResponse.Builder().code(400).body("{\"errors\":[{\"parameters\":{\"query\":[\"x\"]},"
                            + "\"message\":\"There were errors processing your request: Rules must contain a "
                            + "non-stop word\"}],\"title\":\"Invalid Request\",\"type\":"
                            + "\"https://api.twitter.com/2/problems/invalid-request\"}").build();
                }
                return ok(XBodies.page(List.of(XBodies.tweet(7, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                        "7", null));
            }
        });

        SocialSource.Discovery found = x(10_000, false).source.discover(twoPapers(), ANNOUNCED);

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(found.posts()).extracting(post -> post.post().postId()).containsExactly("7");
        assertThat(found.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.item()).isEqualTo("2105.00001");
            assertThat(skip.reason()).contains("Rules must contain a non-stop word");
        });
        assertThat(found.cursors()).containsOnlyKeys("2105.04026");
    }

    @Test
    void aRefusedTokenIsAClearErrorThatNeverShowsTheToken() {
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")
                .build());

        assertThatThrownBy(() -> x(10_000, false).source.discover(twoPapers(), ANNOUNCED))
                .isInstanceOf(DiscoveryCutShortException.class)
                .hasCauseInstanceOf(XAuthException.class)
                .hasMessageContaining("X_BEARER_TOKEN")
                .hasMessageNotContaining(TestX.TOKEN);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theMonthlyCapIsNeverExceeded() throws Exception {
        List<String> fifteen = new ArrayList<>();
        IntStream.range(0, 15).forEach(i -> fifteen.add(XBodies.tweet(100 + i, 11, "2021-05-11T06:10:02.000Z", 1, 1,
                false, LINK)));
        server.enqueue(ok(XBodies.page(fifteen, "114", "more")));
        TestX x = x(15, false);

        SocialSource.Discovery found = x.source.discover(twoPapers(), ANNOUNCED);

        assertThat(server.takeRequest().getUrl().queryParameter("max_results")).isEqualTo("15");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(found.budgetExhausted()).isTrue();
        assertThat(found.cursors()).as("an unfinished search keeps its cursors").isEmpty();
        assertThat(x.budget.usedThisMonth()).isEqualTo(15);
    }

    @Test
    void unusedReservationsAreGivenBack() {
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(7, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                "7", null)));
        TestX x = x(10_000, false);

        x.source.discover(twoPapers(), ANNOUNCED);

        assertThat(x.budget.usedThisMonth()).isEqualTo(1);
    }

    @Test
    void olderPapersUseFullArchiveSearchWhenTheAccountMay() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(), null, null)));
        Instant longAgo = Instant.parse("2021-03-01T05:00:00Z");

        x(10_000, true).source.discover(twoPapers(), longAgo);

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.encodedPath()).isEqualTo("/2/tweets/search/all");
        assertThat(url.queryParameter("max_results")).isEqualTo("500");
        assertThat(url.queryParameter("start_time")).isEqualTo("2021-03-01T05:00:00Z");
    }

    @Test
    void withoutFullArchiveOlderPapersAreSearchedInTheLastSevenDaysOnly() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(), null, null)));

        x(10_000, false).source.discover(twoPapers(), Instant.parse("2021-03-01T05:00:00Z"));

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.encodedPath()).isEqualTo("/2/tweets/search/recent");
        assertThat(Instant.parse(url.queryParameter("start_time"))).isAfter(NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void refreshReadsMetricsInLookupsOfAHundredAndReportsGonePosts() throws Exception {
        List<String> ids = new ArrayList<>();
        for (long id = 1; id <= 101; id++) {
            ids.add(Long.toString(id));
        }
        List<String> firstHundred = new ArrayList<>();
        for (long id = 1; id <= 99; id++) {
            firstHundred.add(XBodies.tweet(id, 11, "2021-05-11T06:10:02.000Z", 5, 50, false, LINK));
        }
        server.enqueue(ok(XBodies.page(firstHundred, null, null, XBodies.notFound(100))));
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(101, 11, "2021-05-11T06:10:02.000Z", 6, 60, false, LINK)),
                null, null)));

        SocialSource.Refresh refresh = x(10_000, false).source.refresh(ids);

        RecordedRequest first = server.takeRequest();
        assertThat(first.getUrl().encodedPath()).isEqualTo("/2/tweets");
        assertThat(first.getUrl().queryParameter("ids").split(",")).hasSize(100);
        assertThat(server.takeRequest().getUrl().queryParameter("ids")).isEqualTo("101");
        assertThat(refresh.snapshots()).hasSize(100);
        assertThat(refresh.gone()).containsExactly("100");
        assertThat(refresh.requests()).isEqualTo(2);
    }

    @Test
    void authorsNotStoredYetAreLookedUpOnceAndTheRestAreNot() throws Exception {
        // author 99 is not among the page's users and not stored; author 11 is stored already
        server.enqueue(ok(XBodies.pageWithoutUsers(List.of(
                XBodies.tweet(7, 99, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK),
                XBodies.tweet(8, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)), "8")));
        server.enqueue(ok("{\"data\":[{\"id\":\"99\",\"username\":\"new_author\",\"name\":\"New Author\"}]}"));
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false, ids -> Set.of("11"));

        List<FoundPost> posts = x.source.discover(twoPapers(), ANNOUNCED).posts();

        server.takeRequest();
        HttpUrl users = server.takeRequest().getUrl();
        assertThat(users.encodedPath()).isEqualTo("/2/users");
        assertThat(users.queryParameter("ids")).as("only the author not stored").isEqualTo("99");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(posts).filteredOn(post -> post.post().postId().equals("7")).singleElement()
                .satisfies(post -> assertThat(post.post().authorHandle()).isEqualTo("new_author"));
        assertThat(posts).filteredOn(post -> post.post().postId().equals("8")).singleElement()
                .satisfies(post -> assertThat(post.post().authorHandle()).as("stored already: kept as stored")
                        .isNull());
    }

    @Test
    void aRefreshLookupCarriesNoUserExpansion() throws Exception {
        server.enqueue(ok(XBodies.page(List.of(XBodies.tweet(7, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK)),
                null, null)));

        x(10_000, false).source.refresh(List.of("7"));

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.encodedPath()).isEqualTo("/2/tweets");
        assertThat(url.queryParameter("expansions")).isNull();
        assertThat(url.queryParameter("user.fields")).isNull();
    }
}
