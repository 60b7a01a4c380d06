package io.hotpapers.arxiv;

import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.ResponseSizeLimit;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import java.time.Duration;
import java.util.Random;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** An {@link ArxivClient} wired as in production, pointed at a MockWebServer, on a test clock. */
final class TestArxiv {
    static final String USER_AGENT = "hotpapers-test/1.0 (mailto:test@example.org)";
    static final Duration INTERVAL = Duration.ofSeconds(3);
    static final long RESPONSE_LIMIT = 1024 * 1024;

    // after every recorded feed: the parser skips entries dated in the future
    final MutableClock clock = MutableClock.at("2026-04-13T12:00:00Z");
    /** The waits of request spacing. */
    final FakeSleeper sleeper = new FakeSleeper(clock);
    /** The waits between retries. */
    final FakeSleeper backoff = new FakeSleeper(clock);
    final ArxivClient client;

    TestArxiv(MockWebServer server) {
        this(server, Duration.ofSeconds(10));
    }

    TestArxiv(MockWebServer server, Duration readTimeout) {
        OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(readTimeout)
                .addInterceptor(new UserAgentInterceptor(USER_AGENT))
                .addInterceptor(new ResponseSizeLimit(RESPONSE_LIMIT))
                .addInterceptor(RequestSpacer.afterEnd(INTERVAL, clock, sleeper))
                .build();
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, backoff, new Random(7));
        client = new ArxivClient(server.url("/api/query"), server.url("/rss/"), http, clock, retrier);
    }
}
