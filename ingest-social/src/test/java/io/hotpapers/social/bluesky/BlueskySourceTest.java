package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.bluesky.stream.JetstreamGaps;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
class BlueskySourceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2025-05-20T12:00:00Z");
    private static final Instant ANNOUNCED = Instant.parse("2025-05-19T04:00:00Z");
    private static final String PAPER = "2505.00001";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestBluesky bluesky(boolean credentials) {
        return new TestBluesky(server, postgres.jdbi(), clock, credentials, 10);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
                .body(body).build();
    }

    private MockResponse login(String access, Duration lifetime) {
        return json(200, BlueskyBodies.session(access, NOW.plus(lifetime).getEpochSecond(), "refresh-of-" + access));
    }

    private static ObjectNode linking(String rkey, String link, long likes) {
        return BlueskyBodies.view(BlueskyBodies.DID, rkey, "reader.bsky.social",
                BlueskyBodies.record("about " + link, "2025-05-19T10:00:00Z", link), likes, 1);
    }

    private static List<PaperTarget> onePaper() {
        return List.of(new PaperTarget(PAPER, 1, null));
    }

    private static String bearer(RecordedRequest request) {
        return request.getHeaders().get("Authorization");
    }

    @Test
    void withoutCredentialsDiscoveryAsksNothingAndFindsNothing() {
        TestBluesky bluesky = bluesky(false);

        SocialSource.Discovery first = bluesky.source.discover(onePaper(), ANNOUNCED);
        SocialSource.Discovery second = bluesky.source.discover(onePaper(), ANNOUNCED);

        assertThat(first.posts()).isEmpty();
        assertThat(first.cursors()).as("no search ran, so no paper counts as searched").isEmpty();
        assertThat(second.requests()).isZero();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void logsInOnceSearchesEachPaperByUrlAndWindowAndPagesByCursor() throws Exception {
        TestBluesky bluesky = bluesky(true);
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3one", "https://arxiv.org/abs/2505.00001v1", 80),
                linking("3none", "https://example.org/", 3)), "25")));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3two", "https://www.alphaxiv.org/abs/2505.00001", 5)),
                null)));

        SocialSource.Discovery found = bluesky.source.discover(onePaper(), ANNOUNCED);

        RecordedRequest login = server.takeRequest();
        assertThat(login.getUrl().encodedPath()).isEqualTo("/xrpc/com.atproto.server.createSession");
        assertThat(login.getBody().utf8()).contains("\"identifier\":\"hotpapers.bsky.social\"")
                .contains("\"password\":\"" + TestBluesky.APP_PASSWORD + "\"");
        RecordedRequest search = server.takeRequest();
        HttpUrl url = search.getUrl();
        assertThat(url.encodedPath()).isEqualTo("/xrpc/app.bsky.feed.searchPosts");
        assertThat(url.queryParameter("q")).isEqualTo(PAPER);
        assertThat(url.queryParameter("url")).isEqualTo("https://arxiv.org/abs/2505.00001");
        assertThat(url.queryParameter("since")).isEqualTo("2025-05-19T04:00:00Z");
        assertThat(url.queryParameter("until")).isEqualTo("2025-05-20T12:00:00Z");
        assertThat(url.queryParameter("sort")).isEqualTo("latest");
        assertThat(url.queryParameter("limit")).isEqualTo("100");
        assertThat(url.queryParameter("cursor")).isNull();
        assertThat(bearer(search)).isEqualTo("Bearer " + BlueskyBodies.jwt("access-1", NOW.plus(Duration.ofHours(2))
                .getEpochSecond()));
        assertThat(server.takeRequest().getUrl().queryParameter("cursor")).isEqualTo("25");

        assertThat(found.posts()).extracting(post -> post.post().postId()).containsExactly(
                BlueskyBodies.uri(BlueskyBodies.DID, "3one"), BlueskyBodies.uri(BlueskyBodies.DID, "3two"));
        assertThat(found.posts().get(0).snapshot().likes()).isEqualTo(80);
        assertThat(found.cursors()).isEqualTo(Map.of(PAPER, NOW.toString()));
        assertThat(found.requests()).isEqualTo(2);
        assertThat(found.postsRead()).isEqualTo(3);
        assertThat(bluesky.session.logins()).isEqualTo(1);
    }

    @Test
    void aCompleteSearchRoundFillsTheGapTheLiveStreamMissedAndAnIncompleteOneLeavesItOpen() {
        TestBluesky bluesky = bluesky(true);
        long from = NOW.minus(Duration.ofDays(3)).toEpochMilli() * 1000;
        long to = NOW.minus(Duration.ofDays(1)).toEpochMilli() * 1000;
        bluesky.gaps.record(new JetstreamGaps.Gap(from, to));
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(400, "{\"error\":\"InvalidRequest\",\"message\":\"bad query\"}"));

        bluesky.source.discover(onePaper(), ANNOUNCED);
        assertThat(bluesky.gaps.open()).as("the paper's search was refused: the gap stays open").isPresent();

        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3one", "https://arxiv.org/abs/2505.00001", 8)),
                null)));
        bluesky.source.discover(onePaper(), ANNOUNCED);
        assertThat(bluesky.gaps.open()).isEmpty();
    }

    @Test
    void theNextRoundStartsALittleBeforeTheLastWindowEndedAndRefreshesTheSessionBeforeItExpires() throws Exception {
        TestBluesky bluesky = bluesky(true);
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(), null)));
        String cursor = bluesky.source.discover(onePaper(), ANNOUNCED).cursors().get(PAPER);
        server.takeRequest();
        server.takeRequest();

        clock.advance(Duration.ofMinutes(116)); // four minutes before the access token expires
        server.enqueue(login("access-2", Duration.ofHours(4)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(), null)));
        bluesky.source.discover(List.of(new PaperTarget(PAPER, 1, cursor)), ANNOUNCED);

        RecordedRequest refresh = server.takeRequest();
        assertThat(refresh.getUrl().encodedPath()).isEqualTo("/xrpc/com.atproto.server.refreshSession");
        assertThat(bearer(refresh)).contains(".").isEqualTo("Bearer " + BlueskyBodies.jwt("refresh-of-access-1",
                NOW.plus(Duration.ofHours(2)).getEpochSecond() + 86_400));
        RecordedRequest search = server.takeRequest();
        assertThat(search.getUrl().queryParameter("since")).isEqualTo("2025-05-20T11:45:00Z");
        assertThat(bearer(search)).isEqualTo("Bearer " + BlueskyBodies.jwt("access-2",
                NOW.plus(Duration.ofHours(4)).getEpochSecond()));
        assertThat(bluesky.session.logins()).isEqualTo(1);
        assertThat(bluesky.session.refreshes()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenRenewsTheSessionAndLogsInAgainWhenTheRefreshTokenIsRefusedToo() throws Exception {
        TestBluesky bluesky = bluesky(true);
        String expired = "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}";
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(400, expired));
        server.enqueue(json(400, expired)); // the refresh token too
        server.enqueue(login("access-3", Duration.ofHours(2)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3one", "https://arxiv.org/pdf/2505.00001", 1)),
                null)));

        SocialSource.Discovery found = bluesky.source.discover(onePaper(), ANNOUNCED);

        assertThat(found.posts()).hasSize(1);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            paths.add(server.takeRequest().getUrl().encodedPath());
        }
        assertThat(paths).containsExactly("/xrpc/com.atproto.server.createSession", "/xrpc/app.bsky.feed.searchPosts",
                "/xrpc/com.atproto.server.refreshSession", "/xrpc/com.atproto.server.createSession",
                "/xrpc/app.bsky.feed.searchPosts");
        assertThat(bluesky.session.logins()).isEqualTo(2);
    }

    @Test
    void aRefusedSearchEndsTheRoundWithWhatWasFoundAndIsNotRetried() throws Exception {
        TestBluesky bluesky = bluesky(true);
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3one", "https://arxiv.org/abs/2505.00001", 1)),
                null)));
        server.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "text/html")
                .body("<html><body><h1>403 Forbidden</h1>Request forbidden by administrative rules.</body></html>").build());

        assertThatThrownBy(() -> bluesky.source.discover(List.of(new PaperTarget(PAPER, 1, null),
                new PaperTarget("2505.00002", 1, null)), ANNOUNCED))
                .isInstanceOfSatisfying(DiscoveryCutShortException.class, e -> {
                    assertThat(e.failure()).isInstanceOf(BlueskyAuthException.class);
                    assertThat(e.getMessage()).contains("HTTP 403").contains("BLUESKY_HANDLE")
                            .doesNotContain(TestBluesky.APP_PASSWORD).doesNotContain("<html>");
                    assertThat(e.partial().posts()).hasSize(1);
                    assertThat(e.partial().cursors()).containsOnlyKeys(PAPER);
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aWrongAppPasswordFailsTheRoundAndNamesTheSettingsNotThePassword() {
        TestBluesky bluesky = bluesky(true);
        server.enqueue(json(401, Fixtures.text("bluesky-createsession-401-authenticationrequired-bskyr.json")));

        assertThatThrownBy(() -> bluesky.source.discover(onePaper(), ANNOUNCED))
                .isInstanceOf(DiscoveryCutShortException.class)
                .hasMessageContaining("BLUESKY_APP_PASSWORD").hasMessageContaining("AuthenticationRequired")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestBluesky.APP_PASSWORD));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a429WaitsUntilTheAnnouncedResetThenTheNextRequestAlsoHonoursTheWindow() throws Exception {
        TestBluesky bluesky = bluesky(true);
        long reset = NOW.plusSeconds(60).getEpochSecond();
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("RateLimit-Limit", "3000").addHeader("RateLimit-Remaining", "0")
                .addHeader("RateLimit-Reset", Long.toString(reset)).addHeader("RateLimit-Policy", "3000;w=300")
                .body(Fixtures.text("bluesky-429-ratelimitexceeded.json")).build());
        server.enqueue(json(200, BlueskyBodies.page(List.of(), null)));

        bluesky.source.discover(onePaper(), ANNOUNCED);

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(bluesky.backoff.waits()).containsExactly(Duration.ofSeconds(61));
        assertThat(clock.instant()).isAfterOrEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void anExhaustedWindowHoldsTheNextRequestUntilItsReset() throws Exception {
        TestBluesky bluesky = bluesky(false);
        long reset = NOW.plusSeconds(30).getEpochSecond();
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("RateLimit-Limit", "3000").addHeader("RateLimit-Remaining", "0")
                .addHeader("RateLimit-Reset", Long.toString(reset)).body(BlueskyBodies.page(List.of(), null)).build());
        server.enqueue(json(200, BlueskyBodies.page(List.of(), null)));

        bluesky.source.refresh(List.of(BlueskyBodies.uri(BlueskyBodies.DID, "3one")));
        assertThat(bluesky.rateLimitWaits.waits()).isEmpty();
        bluesky.source.refresh(List.of(BlueskyBodies.uri(BlueskyBodies.DID, "3one")));

        assertThat(bluesky.rateLimitWaits.waits()).containsExactly(Duration.ofSeconds(31));
    }

    @Test
    void pagingStopsAtTheConfiguredPagesAndAtARepeatedCursor() throws Exception {
        TestBluesky bluesky = new TestBluesky(server, postgres.jdbi(), clock, true, 2);
        server.enqueue(login("access-1", Duration.ofHours(2)));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3a", "https://arxiv.org/abs/2505.00001", 1)), "c1")));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3b", "https://arxiv.org/abs/2505.00001", 1)), "c2")));
        assertThat(bluesky.source.discover(onePaper(), ANNOUNCED).requests()).isEqualTo(2);

        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3c", "https://arxiv.org/abs/2505.00001", 1)), "c1")));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3d", "https://arxiv.org/abs/2505.00001", 1)), "c1")));
        assertThat(bluesky.source.discover(onePaper(), ANNOUNCED).requests()).isEqualTo(2);

        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3e", "https://arxiv.org/abs/2505.00001", 1)), "c3")));
        server.enqueue(json(200, BlueskyBodies.page(List.of(linking("3e", "https://arxiv.org/abs/2505.00001", 1)), "c4")));
        assertThat(bluesky.source.discover(onePaper(), ANNOUNCED).requests())
                .as("a page with nothing new ends the paging").isEqualTo(2);
    }

    @Test
    void refreshReadsTwentyFivePostsACallWithoutCredentialsAndReportsTheMissingOnesGone() throws Exception {
        TestBluesky bluesky = bluesky(true);
        List<String> uris = IntStream.range(0, 30).mapToObj(i -> BlueskyBodies.uri(BlueskyBodies.DID, "3p" + i)).toList();
        List<ObjectNode> first = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            if (i != 7) {
                first.add(linking("3p" + i, "https://arxiv.org/abs/2505.00001", i));
            }
        }
        server.enqueue(json(200, BlueskyBodies.page(first, null)));
        server.enqueue(json(200, BlueskyBodies.page(IntStream.range(25, 30)
                .mapToObj(i -> linking("3p" + i, "https://example.org/", i)).toList(), null)));

        SocialSource.Refresh read = bluesky.source.refresh(uris);

        RecordedRequest call = server.takeRequest();
        assertThat(call.getUrl().encodedPath()).isEqualTo("/xrpc/app.bsky.feed.getPosts");
        assertThat(call.getUrl().queryParameterValues("uris")).isEqualTo(uris.subList(0, 25));
        assertThat(bearer(call)).isNull();
        assertThat(server.takeRequest().getUrl().queryParameterValues("uris")).isEqualTo(uris.subList(25, 30));
        assertThat(read.requests()).isEqualTo(2);
        assertThat(read.snapshots()).hasSize(29);
        assertThat(read.gone()).containsExactly(uris.get(7));
        assertThat(bluesky.session.logins()).as("reading counts needs no login").isZero();
    }

    @Test
    void aPostTheAnswerHoldsInABrokenShapeIsSkippedNotGone() {
        TestBluesky bluesky = bluesky(false);
        ObjectNode broken = linking("3bad", "https://arxiv.org/abs/2505.00001", 1).put("likeCount", -5);
        server.enqueue(json(200, BlueskyBodies.page(List.of(broken), null)));

        SocialSource.Refresh read = bluesky.source.refresh(List.of(BlueskyBodies.uri(BlueskyBodies.DID, "3bad"),
                "https://bsky.app/profile/x/post/1"));

        assertThat(read.gone()).isEmpty();
        assertThat(read.skipped()).extracting(skip -> skip.item()).containsExactly(
                "bluesky post https://bsky.app/profile/x/post/1", "bluesky post " + BlueskyBodies.uri(BlueskyBodies.DID, "3bad"));
    }

    @Test
    void cursorsAreOrderedAsInstants() {
        TestBluesky bluesky = bluesky(false);
        assertThat(bluesky.source.cursorOrder().compare("2025-05-20T12:00:00.5Z", "2025-05-20T12:00:00Z")).isPositive();
        assertThat(bluesky.source.cursorOrder().compare("garbage", "2025-05-20T12:00:00Z")).isNegative();
    }
}
