package io.hotpapers.social.bluesky;

import io.hotpapers.core.config.Secret;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.social.bluesky.stream.JetstreamGaps;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.PostBudget;
import java.util.Optional;
import java.util.Random;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/** A Bluesky source wired as in production (public AppView and PDS both on one MockWebServer), on a test clock. */
final class TestBluesky {
    static final String HANDLE = "hotpapers.bsky.social";
    static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

    final FakeSleeper rateLimitWaits;
    final FakeSleeper backoff;
    final BlueskyRateLimiter limiter;
    final BlueskySession session;
    final BlueskySource source;

    final JetstreamGaps gaps;

    TestBluesky(MockWebServer server, Jdbi jdbi, MutableClock clock, boolean credentials, int maxPages) {
        rateLimitWaits = new FakeSleeper(clock);
        backoff = new FakeSleeper(clock);
        limiter = new BlueskyRateLimiter(clock, rateLimitWaits, WaitLimit.standard());
        OkHttpClient publicHttp = new OkHttpClient.Builder().addInterceptor(limiter).build();
        session = credentials ? new BlueskySession(server.url("/"), publicHttp, clock, BlueskyBodies.JSON, HANDLE,
                new Secret(APP_PASSWORD)) : null;
        Optional<OkHttpClient> sessionHttp = credentials
                ? Optional.of(publicHttp.newBuilder().addInterceptor(new SessionInterceptor(session)).build())
                : Optional.empty();
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, backoff, new Random(7));
        PostViewParser parser = new PostViewParser(BlueskyBodies.JSON,
                new PostRecordParser(new ArxivLinkExtractor(), clock), clock);
        BlueskyClient client = new BlueskyClient(server.url("/"), server.url("/"), publicHttp, sessionHttp, clock,
                retrier, parser);
        PostBudget budget = new PostBudget(new UsageStore(jdbi), BlueskySource.NAME, Long.MAX_VALUE / 4, clock);
        gaps = new JetstreamGaps(new CursorStore(jdbi, clock), BlueskySource.NAME);
        source = new BlueskySource(client, budget, maxPages, clock, gaps);
    }
}
