package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.SourceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The module as App builds it: every Bluesky call's rate-limit window reaches {@code source_rate_limits}, as X's. */
class BlueskyModuleTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private final MockWebServer appView = new MockWebServer();
    private final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE source_rate_limits, social_usage"));
        appView.start();
    }

    @AfterEach
    void stop() {
        appView.close();
    }

    @Test
    void aRefreshRecordsTheAppViewsWindowForStatus() {
        HotpapersConfig config = new ConfigLoader(Map.of("HOTPAPERS_HOME", home.toString(),
                "BLUESKY_API_URL", appView.url("/").toString()), home, CategoryTaxonomy.load()).load();
        SourceContext context = new SourceContext(config, clock, sleeper,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(3)), json, postgres.jdbi(),
                new PaperStore(postgres.jdbi(), clock), new PostStore(postgres.jdbi(), clock),
                new SnapshotStore(postgres.jdbi()), new CursorStore(postgres.jdbi(), clock),
                new UsageStore(postgres.jdbi()), new IngestRunStore(postgres.jdbi(), clock, json), new StopSignal(),
                id -> new OkHttpClient.Builder(), new SimpleMeterRegistry());
        EnabledSource enabled = new BlueskyModule().build(context);
        appView.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"posts\":[]}").setHeader("RateLimit-Limit", "3000").setHeader("RateLimit-Remaining", "2989")
                .setHeader("RateLimit-Reset", "1795688100").build());

        enabled.source().refresh(List.of(BlueskyBodies.uri("did:plc:clxs5bimkdx2zvxzrbs6v3pw", "3lpjneeyp6c2w")));

        assertThat(new RateLimitStore(postgres.jdbi()).windows("bluesky")).containsExactly(new RateLimitWindow(
                appView.url("/").host() + "/xrpc/app.bsky.feed.getPosts", 3000, 2989,
                Instant.ofEpochSecond(1795688100), clock.instant()));
    }
}
