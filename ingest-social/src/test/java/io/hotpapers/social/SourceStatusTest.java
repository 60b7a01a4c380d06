package io.hotpapers.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.bluesky.BlueskyRateLimiter;
import io.hotpapers.social.huggingface.HuggingFaceRateLimiter;
import io.hotpapers.social.x.XRateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What status and /metrics show of a source: its month, its last success and its rate limits, from the database. */
class SourceStatusTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    private final MockWebServer x = new MockWebServer();
    private RateLimitStore rateLimits;
    private IngestRunStore runs;
    private PostBudget budget;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE source_rate_limits, social_usage, social_reservations"));
        x.start();
        rateLimits = new RateLimitStore(postgres.jdbi());
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        budget = new PostBudget(new UsageStore(postgres.jdbi()), "x", 10_000, clock);
    }

    @AfterEach
    void stop() {
        x.close();
    }

    @Test
    void aSourceReportsItsMonthLastSuccessAndTheWindowsItsLimiterHeard() throws Exception {
        XRateLimiter limiter = new XRateLimiter(clock, new FakeSleeper(clock), WaitLimit.standard(),
                window -> rateLimits.record("x", window));
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(limiter).build();
        x.enqueue(new MockResponse.Builder().code(200).body("{}").setHeader("x-rate-limit-limit", "450")
                .setHeader("x-rate-limit-remaining", "0").setHeader("x-rate-limit-reset", "1795688100").build());
        PostBudget.Reservation reservation = budget.reserve(100, 10);
        try (Response response = http.newCall(new Request.Builder().url(x.url("/2/tweets/search/recent")).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        reservation.settle(37);
        clock.advance(Duration.ofMinutes(1));
        runs.track(DiscoveryService.JOB, "x 2026-11-19..2026-11-26 cs.LG", counts -> null);
        runs.track(DiscoveryService.JOB, "bluesky 2026-11-19..2026-11-26 cs.LG", counts -> {
            clock.advance(Duration.ofMinutes(5)); // another source's later success is not x's
            return null;
        });

        SourceStatus.Report report = SourceStatus.standard("x", budget, runs, rateLimits).report();

        assertThat(report.requests()).isEqualTo(1);
        assertThat(report.postsRead()).isEqualTo(37);
        assertThat(report.monthlyCap()).isEqualTo(10_000);
        assertThat(report.lastSuccess()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
        assertThat(report.rateLimits()).containsExactly(new RateLimitWindow("/2/tweets/search/recent", 450, 0,
                Instant.ofEpochSecond(1795688100), Instant.parse("2026-11-26T10:00:00Z")));
    }

    @Test
    void anOlderObservationNeverReplacesANewerOneAndANewSourceShowsNothingYet() {
        Instant reset = Instant.parse("2026-11-26T10:15:00Z");
        rateLimits.record("x", new RateLimitWindow("/2/tweets", 300, 120, reset, Instant.parse("2026-11-26T10:05:00Z")));
        rateLimits.record("x", new RateLimitWindow("/2/tweets", 300, 250, reset, Instant.parse("2026-11-26T10:01:00Z")));

        assertThat(rateLimits.windows("x")).extracting(RateLimitWindow::remaining).containsExactly(120L);
        SourceStatus.Report fresh = SourceStatus.standard("bluesky", new PostBudget(new UsageStore(postgres.jdbi()),
                "bluesky", Long.MAX_VALUE, clock), runs, rateLimits).report();
        assertThat(fresh).isEqualTo(new SourceStatus.Report("bluesky", 0, 0, Long.MAX_VALUE, null, List.of()));
    }

    @Test
    void aWindowThatCannotBeStoredDoesNotFailTheRequest() throws Exception {
        XRateLimiter limiter = new XRateLimiter(clock, new FakeSleeper(clock), WaitLimit.standard(), window -> {
            throw new IllegalStateException("database down");
        });
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(limiter).build();
        x.enqueue(new MockResponse.Builder().code(200).body("{}").setHeader("x-rate-limit-remaining", "5")
                .setHeader("x-rate-limit-reset", "1795688100").build());

        try (Response response = http.newCall(new Request.Builder().url(x.url("/2/tweets")).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(limiter.window("/2/tweets").remaining()).isEqualTo(5);
    }

    @Test
    void huggingFacesWindowIsRecordedLikeXsAndAFailureToStoreItDoesNotFailTheRequest() throws Exception {
        HuggingFaceRateLimiter limiter = new HuggingFaceRateLimiter(clock, new FakeSleeper(clock),
                WaitLimit.standard(), window -> rateLimits.record("huggingface", window));
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(limiter).build();
        x.enqueue(new MockResponse.Builder().code(200).body("[]").setHeader("RateLimit", "\"api\";r=499;t=300")
                .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300").build());
        try (Response response = http.newCall(new Request.Builder().url(x.url("/api/daily_papers")).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }

        SourceStatus.Report report = SourceStatus.standard("huggingface", new PostBudget(new UsageStore(
                postgres.jdbi()), "huggingface", Long.MAX_VALUE, clock), runs, rateLimits).report();
        assertThat(report.rateLimits()).containsExactly(new RateLimitWindow("api", 500, 499,
                Instant.parse("2026-11-26T10:05:00Z"), Instant.parse("2026-11-26T10:00:00Z")));

        HuggingFaceRateLimiter failing = new HuggingFaceRateLimiter(clock, new FakeSleeper(clock),
                WaitLimit.standard(), window -> {
                    throw new IllegalStateException("database down");
                });
        OkHttpClient failingHttp = new OkHttpClient.Builder().addInterceptor(failing).build();
        x.enqueue(new MockResponse.Builder().code(200).body("[]").setHeader("RateLimit", "\"api\";r=0;t=30")
                .build());
        try (Response response = failingHttp.newCall(new Request.Builder().url(x.url("/api/daily_papers")).build())
                .execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(failing.lastWindow().remaining()).isZero();
        assertThat(failing.lastWindow().limit()).as("no RateLimit-Policy: no limit").isEqualTo(-1);
    }

    @Test
    void blueskysWindowsAreRecordedPerHostAndEndpointAndA429CountsAsNothingLeft() throws Exception {
        BlueskyRateLimiter limiter = new BlueskyRateLimiter(clock, new FakeSleeper(clock), WaitLimit.standard(),
                window -> rateLimits.record("bluesky", window));
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(limiter).build();
        x.enqueue(new MockResponse.Builder().code(200).body("{}").setHeader("RateLimit-Limit", "3000")
                .setHeader("RateLimit-Remaining", "2989").setHeader("RateLimit-Reset", "1795688100")
                .setHeader("RateLimit-Policy", "3000;w=300").build());
        x.enqueue(new MockResponse.Builder().code(429).body("{\"error\":\"RateLimitExceeded\"}")
                .setHeader("RateLimit-Limit", "10").setHeader("RateLimit-Reset", "1795688200").build());
        for (String path : List.of("/xrpc/app.bsky.feed.getPosts", "/xrpc/com.atproto.server.createSession")) {
            try (Response response = http.newCall(new Request.Builder().url(x.url(path)).build()).execute()) {
                assertThat(response.code()).isIn(200, 429);
            }
        }

        String host = x.url("/").host();
        assertThat(SourceStatus.standard("bluesky", new PostBudget(new UsageStore(postgres.jdbi()), "bluesky",
                Long.MAX_VALUE, clock), runs, rateLimits).report().rateLimits()).containsExactly(
                new RateLimitWindow(host + "/xrpc/app.bsky.feed.getPosts", 3000, 2989,
                        Instant.ofEpochSecond(1795688100), clock.instant()),
                new RateLimitWindow(host + "/xrpc/com.atproto.server.createSession", 10, 0,
                        Instant.ofEpochSecond(1795688200), clock.instant()));
    }
}
