package io.hotpapers.social.huggingface;

import static io.hotpapers.social.huggingface.HfStandIn.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
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
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.SourceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module as App builds it from the configuration: token and spacing from the settings, discovery into the real
 * database, and the digest of the enabled sources carrying {@code sources.huggingface} in JSON v2.
 */
class HuggingFaceModuleTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2026-08-20");
    private static final String PAPER = "2608.13558";

    @TempDir
    Path home;

    private final MockWebServer server = new MockWebServer();
    private final HfStandIn standIn = new HfStandIn();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-08-21T06:00:00Z"));
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE social_usage, discovery_cursors, source_rate_limits"));
        server.setDispatcher(standIn);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theModuleBuildsFromTheSettingsAndItsPostsReachTheDigest() throws Exception {
        HotpapersConfig config = new ConfigLoader(Map.of("HOTPAPERS_HOME", home.toString(),
                "HF_API_URL", server.url("/").toString(), "HF_TOKEN", TestHf.TOKEN, "HF_MIN_INTERVAL", "PT2S"),
                home, CategoryTaxonomy.load()).load();
        assertThat(config.sources()).as("on by default, without credentials").contains("huggingface");
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        CursorStore cursors = new CursorStore(postgres.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, json);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SourceContext context = new SourceContext(config, clock, sleeper,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(3)), json, postgres.jdbi(), papers,
                posts, snapshots, cursors, new UsageStore(postgres.jdbi()), runs, new StopSignal(),
                id -> new OkHttpClient.Builder(), metrics);
        HuggingFaceModule module = new HuggingFaceModule();
        EnabledSource enabled = module.build(context);

        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", PAPER, AnnounceType.NEW)));
        papers.upsert(List.of(new Paper(PAPER, 1, "OmniScientist", "Abstract.", List.of("Bobo Li"), "cs.LG",
                List.of("cs.LG"), Instant.parse("2026-08-18T12:00:00Z"), Instant.parse("2026-08-18T12:00:00Z"),
                null, null, null)));
        standIn.list(MAILING, entry(PAPER, 54, 2, MAILING));
        standIn.remaining.set(499);

        try (LogCapture log = LogCapture.of(HuggingFaceSource.class)) {
            new DiscoveryService(enabled.source(), papers, posts, snapshots, cursors, runs, clock)
                    .discoverActive(List.of("cs.LG"), 7);
            assertThat(log.lines()).noneMatch(line -> line.contains(TestHf.TOKEN));
        }

        assertThat(standIn.requests).as("the listing day's neighbours up to today; on the day after, no look-up")
                .containsExactly("/api/daily_papers?date=2026-08-19&limit=50&p=0",
                        "/api/daily_papers?date=2026-08-20&limit=50&p=0",
                        "/api/daily_papers?date=2026-08-21&limit=50&p=0");
        RecordedRequest first = server.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestHf.TOKEN);
        assertThat(sleeper.waits()).as("HF_MIN_INTERVAL between requests").containsOnly(Duration.ofSeconds(2))
                .hasSize(2);
        assertThat(enabled.budget().usedThisMonth()).as("what was read is counted").isEqualTo(1);
        List<RateLimitWindow> windows = new RateLimitStore(postgres.jdbi()).windows("huggingface");
        assertThat(windows).as("the window of the last answer, recorded for status like X's")
                .singleElement().satisfies(window -> {
                    assertThat(window.endpoint()).isEqualTo("api");
                    assertThat(window.limit()).isEqualTo(500);
                    assertThat(window.remaining()).isEqualTo(497);
                    assertThat(window.reset()).isEqualTo(window.seenAt().plusSeconds(300));
                });
        assertThat(metrics.get("hotpapers.huggingface.ratelimit.remaining").gauge().value()).isEqualTo(497);

        DigestService digests = new DigestService(new DigestQuery(postgres.jdbi(), papers,
                config.digest().scoreWeights()), new DigestStore(postgres.jdbi(), json),
                new TrendsQuery(postgres.jdbi(), config.digest().scoreWeights()), json,
                new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg"), null, clock,
                new SourceRenderers(List.of(new XPostRenderer(), module.renderer()), List.of("huggingface")));
        digests.write(MAILING, new DigestParameters(List.of("cs.LG"), EnumSet.of(AnnounceType.NEW), 0, 0, 0, 10), null,
                EnumSet.of(DigestFormat.JSON), home);
        JsonNode entry = json.readTree(Files.readString(home.resolve("hot-papers-2026-08-20.json")))
                .path("entries").get(0);
        assertThat(json.writeValueAsString(entry.path("sources")))
                .isEqualTo("{\"huggingface\":{\"upvotes\":54,\"comments\":2}}");
    }
}
