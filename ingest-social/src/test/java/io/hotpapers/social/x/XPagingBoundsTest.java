package io.hotpapers.social.x;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import io.hotpapers.social.TestX;
import io.hotpapers.social.XBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** X answers that would page or wait forever: each ends in a bounded number of requests with one clear line. */
@Tag("reliability")
class XPagingBoundsTest {
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

    private static List<PaperTarget> twoPapers() {
        return List.of(new PaperTarget("2105.04026", 1, null), new PaperTarget("2105.00001", 1, null));
    }

    /** Answers every search page with the posts {@code postsOfPage} names and a next_token that never repeats. */
    private void endlessPages(IntFunction<List<String>> postsOfPage) {
        AtomicInteger pages = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int page = pages.incrementAndGet();
                if (page > 1000) {
                    return new MockResponse.Builder().code(500).build(); // a runaway test fails instead of hanging
                }
                return new MockResponse.Builder().code(200)
                        .body(XBodies.page(postsOfPage.apply(page), "9000", "token-" + page)).build();
            }
        });
    }

    private static String post(long id) {
        return XBodies.tweet(id, 11, "2021-05-11T06:10:02.000Z", 1, 1, false, LINK);
    }

    @Test
    void anEndlessChangingNextTokenWithRepeatedPostsStopsAtTheFirstPageWithNothingNewAndIsBilled() {
        endlessPages(page -> List.of(post(9000), post(8999)));
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false);

        SocialSource.Discovery found;
        try (LogCapture log = LogCapture.of(XSource.class)) {
            found = x.source.discover(twoPapers(), ANNOUNCED);
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN X sent page 2 for the query for 2105.04026, 2105.00001 (")
                    .contains("characters) with no post not already seen")
                    .endsWith("stopping its paging");
        }

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(found.requests()).isEqualTo(2);
        assertThat(found.posts()).hasSize(2);
        assertThat(found.postsRead()).as("X bills the repeated page too").isEqualTo(4);
        assertThat(x.budget.usedThisMonth()).as("a post returned twice in one UTC day is billed once").isEqualTo(2);
    }

    @Test
    void endlessEmptyPagesWithChangingTokensStopAfterTheFirst() {
        endlessPages(page -> List.of());
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false);

        SocialSource.Discovery found = x.source.discover(twoPapers(), ANNOUNCED);

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(found.posts()).isEmpty();
    }

    @Test
    void pagingStopsAtTheConfiguredMaximumOfPagesPerQuery() {
        endlessPages(page -> List.of(post(9000 - page)));
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false, 3);

        SocialSource.Discovery found;
        try (LogCapture log = LogCapture.of(XSource.class)) {
            found = x.source.discover(twoPapers(), ANNOUNCED);
            assertThat(log.lines()).singleElement().asString()
                    .contains("reached X_MAX_PAGES_PER_QUERY (3 pages)");
        }

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(found.posts()).hasSize(3);
        assertThat(x.budget.usedThisMonth()).isEqualTo(3);
        assertThat(found.cursors()).as("the search ended: the next round starts from its newest post")
                .containsEntry("2105.04026", "9000");
    }

    @Test
    void aRateLimitWaitOverAMinuteIsLoggedWhenItStartsWithEndpointDurationAndEnd() {
        long reset = NOW.plusSeconds(89).getEpochSecond();
        server.enqueue(new MockResponse.Builder().code(200).setHeader("x-rate-limit-limit", "450")
                .setHeader("x-rate-limit-remaining", "0").setHeader("x-rate-limit-reset", Long.toString(reset))
                .body(XBodies.page(List.of(), null, null)).build());
        server.enqueue(new MockResponse.Builder().code(200).body(XBodies.page(List.of(), null, null)).build());
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false);
        x.source.discover(List.of(new PaperTarget("2105.04026", 1, null)), ANNOUNCED);

        try (LogCapture log = LogCapture.of(WaitLimit.class)) {
            x.source.discover(List.of(new PaperTarget("2105.00001", 1, null)), ANNOUNCED);

            assertThat(log.lines()).containsExactly("INFO X API /2/tweets/search/recent: waiting PT1M30S for the "
                    + "rate-limit window reset (x-rate-limit-remaining: 0), until 2021-05-12T12:01:30Z");
        }
        assertThat(x.rateLimitWaits.waits()).containsExactly(Duration.ofSeconds(90));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aShortWaitIsNotLogged() {
        long reset = NOW.plusSeconds(30).getEpochSecond();
        server.enqueue(new MockResponse.Builder().code(200).setHeader("x-rate-limit-remaining", "0")
                .setHeader("x-rate-limit-reset", Long.toString(reset)).body(XBodies.page(List.of(), null, null)).build());
        server.enqueue(new MockResponse.Builder().code(200).body(XBodies.page(List.of(), null, null)).build());
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false);
        x.source.discover(List.of(new PaperTarget("2105.04026", 1, null)), ANNOUNCED);

        try (LogCapture log = LogCapture.of(WaitLimit.class)) {
            x.source.discover(List.of(new PaperTarget("2105.00001", 1, null)), ANNOUNCED);

            assertThat(log.lines()).isEmpty();
        }
        assertThat(x.rateLimitWaits.waits()).containsExactly(Duration.ofSeconds(31));
    }
}
