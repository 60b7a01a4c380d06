package io.hotpapers.social.huggingface;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.x.BearerTokenInterceptor;
import java.time.Duration;
import java.time.Period;
import java.util.Random;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/** A Hugging Face source wired as in production, against a MockWebServer, on a test clock. */
final class TestHf {
    static final String TOKEN = "hf_testTokenThatMustNeverBeLogged0123";
    static final Duration INTERVAL = Duration.ofMillis(600);

    final FakeSleeper spacing;
    final FakeSleeper rateLimitWaits;
    final FakeSleeper backoff;
    final CursorStore cursors;
    final HuggingFaceSource source;

    TestHf(MockWebServer server, Jdbi jdbi, MutableClock clock, Secret token, StopSignal stop) {
        this.spacing = new FakeSleeper(clock);
        this.rateLimitWaits = new FakeSleeper(clock);
        this.backoff = new FakeSleeper(clock);
        OkHttpClient.Builder http = new OkHttpClient.Builder();
        if (token != null) {
            http.addInterceptor(new BearerTokenInterceptor(token));
        }
        http.addInterceptor(new RequestSpacer(INTERVAL, clock, spacing))
                .addInterceptor(new HuggingFaceRateLimiter(clock, rateLimitWaits, WaitLimit.standard()));
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, backoff, new Random(7));
        HuggingFaceClient client = new HuggingFaceClient(server.url("/"), http.build(), clock, retrier,
                new ObjectMapper());
        this.cursors = new CursorStore(jdbi, clock);
        PostBudget budget = new PostBudget(new UsageStore(jdbi), HuggingFaceSource.NAME, Long.MAX_VALUE, clock, stop);
        this.source = new HuggingFaceSource(client, budget, cursors, Period.ofDays(7), clock);
    }

    TestHf(MockWebServer server, Jdbi jdbi, MutableClock clock) {
        this(server, jdbi, clock, null, new StopSignal());
    }
}
