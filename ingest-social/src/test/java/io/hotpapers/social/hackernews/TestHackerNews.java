package io.hotpapers.social.hackernews;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.PostBudget;
import java.time.Duration;
import java.util.Random;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/** A Hacker News source wired as in production (spacing, retries, budget), against a MockWebServer. */
final class TestHackerNews {
    final FakeSleeper spacing;
    final FakeSleeper backoff;
    final HackerNewsSource source;
    final PostBudget budget;

    TestHackerNews(MockWebServer server, Jdbi jdbi, MutableClock clock) {
        this(server, jdbi, clock, HackerNewsSource.DEFAULT_MAX_REQUESTS_PER_ROUND, new StopSignal());
    }

    TestHackerNews(MockWebServer server, Jdbi jdbi, MutableClock clock, int maxRequestsPerRound, StopSignal stop) {
        this.spacing = new FakeSleeper(clock);
        this.backoff = new FakeSleeper(clock);
        OkHttpClient http = HackerNewsClient.polite(new OkHttpClient.Builder(), Duration.ofSeconds(1), clock, spacing)
                .build();
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, backoff, new Random(7));
        HackerNewsClient client = new HackerNewsClient(server.url("/api/v1"), http, clock, retrier, new ObjectMapper());
        this.budget = new PostBudget(new UsageStore(jdbi), HackerNewsSource.NAME, Long.MAX_VALUE, clock, stop);
        this.source = new HackerNewsSource(client, new ArxivLinkExtractor(), budget, maxRequestsPerRound, clock);
    }
}
