package io.hotpapers.social.seam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.JsonRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.XPosts;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.RefreshService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that exists only in tests goes through discovery, refresh, the rollups, the digest (Markdown and JSON
 * version 2) and trends next to X, with nothing but its own class and its renderer: the seam holds.
 */
class SourceSeamTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    private static final Instant ANNOUNCED = Instant.parse("2021-05-11T04:00:00Z");
    private static final String PAPER = "2105.04026";
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg");
    /** The test network weighs double: its engagement counts twice in the score. */
    private static final ScoreWeights WEIGHTS = ScoreWeights.parse("x=1,testnet=2");

    @TempDir
    Path out;

    private final MutableClock clock = new MutableClock(ANNOUNCED.plus(Duration.ofHours(2)));
    private final ObjectMapper json = new ObjectMapper();
    private TestNetwork network;
    private PostStore posts;
    private SnapshotStore snapshots;
    private CursorStore cursors;
    private DiscoveryService discovery;
    private RefreshService refresh;
    private DigestService digests;
    private TrendsQuery trends;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE discovery_cursors"));
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", PAPER, AnnounceType.NEW)));
        papers.upsert(List.of(new Paper(PAPER, 1, "The Modern Mathematics of Deep Learning", "Abstract.",
                List.of("Julius Berner"), "cs.LG", List.of("cs.LG"), Instant.parse("2021-05-09T19:47:43Z"),
                Instant.parse("2021-05-09T19:47:43Z"), null, null, null)));
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        cursors = new CursorStore(postgres.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, json);
        network = new TestNetwork(clock);
        discovery = new DiscoveryService(network, papers, posts, snapshots, cursors, runs, clock);
        refresh = new RefreshService(network, posts, snapshots, runs, RefreshPolicy.standard(), clock);
        trends = new TrendsQuery(postgres.jdbi(), WEIGHTS);
        digests = new DigestService(new DigestQuery(postgres.jdbi(), papers, WEIGHTS),
                new DigestStore(postgres.jdbi(), json), trends, json, STYLE, null, clock,
                new SourceRenderers(List.of(new XPostRenderer(), new TestNetwork.Renderer())));
        // an X post with the same id text as a test-network post: a post is its source and its id together
        posts.upsert(List.of(new PostStore.LinkedPost(XPosts.post(1, 10, "ada", "Ada", "x post", "en",
                ANNOUNCED.plus(Duration.ofMinutes(30))), Set.of(PAPER))));
        snapshots.append(List.of(XPosts.snapshot(1, clock.instant(), 30, 70, 1, 0, null, null)));
    }

    @Test
    void theTestSourceGoesThroughDiscoveryRefreshRollupsDigestAndTrendsBesideX() throws IOException {
        network.publish(new TestNetwork.RemotePost("test://alice/1", "alice", "Read <this> paper", ANNOUNCED,
                PAPER, 4, 20, 3));
        network.publish(new TestNetwork.RemotePost("1", "bob", "same id text as the X post", ANNOUNCED,
                PAPER, 1, 5, 0));
        network.reportCursor("p10");

        discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(posts.find(TestNetwork.NAME, "test://alice/1")).isPresent();
        assertThat(posts.find(TestNetwork.NAME, "1").orElseThrow().post().authorHandle()).isEqualTo("bob");
        assertThat(posts.find("x", "1").orElseThrow().post().authorHandle()).isEqualTo("ada");
        assertThat(cursors.cursors(TestNetwork.NAME, List.of(PAPER))).containsEntry(PAPER, "p10");

        // a later round reports an older cursor (p9 sorts after p10 as text, not in the network's order), and
        // slips in a post under X's name: a source cannot write another's posts
        network.reportCursor("p9");
        network.sendForeign(XPosts.post(1, 66, "mallory", "Mallory", "not mine", "en", ANNOUNCED));
        discovery.discoverActive(List.of("cs.LG"), 7);
        assertThat(posts.find("x", "1").orElseThrow().post().authorHandle()).isEqualTo("ada");
        List<String> skips = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT item || ': ' || reason FROM ingest_skips").mapTo(String.class).list());
        assertThat(skips).containsExactly("x post 1: sent by source testnet");
        assertThat(network.discoveryRequests.get(1)).singleElement()
                .satisfies(target -> assertThat(target.cursor()).isEqualTo("p10"));
        assertThat(cursors.cursors(TestNetwork.NAME, List.of(PAPER))).containsEntry(PAPER, "p10");

        // an hour on, the network's posts are due; X's post is not asked of it, and one post has gone
        clock.advance(Duration.ofHours(1));
        network.publish(new TestNetwork.RemotePost("test://alice/1", "alice", "Read <this> paper", ANNOUNCED,
                PAPER, 6, 60, 5));
        network.delete("1");
        RefreshService.Result refreshed = refresh.refresh();

        assertThat(network.refreshRequests).singleElement().asList()
                .containsExactlyInAnyOrder("test://alice/1", "1");
        assertThat(refreshed.snapshots()).isEqualTo(1);
        assertThat(refreshed.gone()).isEqualTo(1);
        assertThat(posts.find(TestNetwork.NAME, "1").orElseThrow().goneAt()).isNotNull();
        assertThat(posts.find("x", "1").orElseThrow().goneAt()).as("the X post of the same id lives on").isNull();

        // rollups per source and over all; the views read them
        assertThat(sourceRollup()).containsExactly(
                Map.of("source", "testnet", "reposts", 6L, "likes", 60L, "posts", 1L),
                Map.of("source", "x", "reposts", 30L, "likes", 70L, "posts", 1L));
        Map<String, Object> totals = postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT retweets::bigint, likes::bigint, score::bigint, tweets FROM paper_engagement_latest")
                .mapToMap().one());
        assertThat(totals).isEqualTo(Map.of("retweets", 36L, "likes", 130L, "score", 166L, "tweets", 2L));

        // the digest: X's line as ever, the network's own line and embed, the weighted score
        DigestParameters parameters = new DigestParameters(List.of("cs.LG"), EnumSet.of(AnnounceType.NEW), 0, 0, 0,
                10);
        digests.write(MAILING, parameters, null, EnumSet.of(DigestFormat.MD, DigestFormat.JSON), out);
        String markdown = Files.readString(out.resolve("hot-papers-2021-05-11.md"));
        assertThat(markdown)
                .contains("- retweets: 30, favorites: 70 (05/11/2021 07:00:00)\n\n- test network: 1 threads, 6 boosts, "
                        + "60 hearts\n\n")
                .contains("<blockquote class=\"testnet-post\"><p>Read &lt;this&gt; paper</p>&mdash; alice</blockquote>")
                .contains("<blockquote class=\"twitter-tweet\">")
                .contains("platform.twitter.com/widgets.js");
        assertThat(markdown.indexOf("testnet-post")).as("higher weighted score first: 2 x 66 > 100")
                .isLessThan(markdown.indexOf("twitter-tweet"));

        JsonNode document = json.readTree(out.resolve("hot-papers-2021-05-11.json").toFile());
        assertThat(document.path("schema").asText()).isEqualTo(JsonRenderer.SCHEMA_2);
        JsonNode entry = document.path("entries").get(0);
        assertThat(entry.path("score").asLong()).isEqualTo(2 * (6 + 60) + 30 + 70);
        assertThat(entry.path("retweets").asLong()).as("v1 fields: totals over every source").isEqualTo(36);
        assertThat(entry.path("tweetCount").asInt()).isEqualTo(2);
        assertThat(json.writeValueAsString(entry.path("sources"))).isEqualTo(
                "{\"testnet\":{\"threads\":1,\"boosts\":6,\"hearts\":60},"
                        + "\"x\":{\"posts\":1,\"reposts\":30,\"likes\":70,\"replies\":1,\"quotes\":0}}");
        assertThat(entry.path("tweets")).extracting(post -> post.path("source").asText() + " " + post.path("url").asText())
                .containsExactly("testnet https://testnet.example/alice/1", "x https://twitter.com/ada/status/1");
        JsonNode schema = json.readTree(JsonRenderer.class.getResourceAsStream(
                "/io/hotpapers/core/digest/digest-v2.schema.json"));
        schema.path("required").forEach(field -> assertThat(document.has(field.asText())).as(field.asText()).isTrue());
        JsonNode entrySchema = schema.path("properties").path("entries").path("items");
        entrySchema.path("required").forEach(field -> assertThat(entry.has(field.asText())).as(field.asText()).isTrue());

        // trends weigh the sources as the digest does
        assertThat(trends.top(7, null, TrendsQuery.By.TOTAL, 10, clock.instant()))
                .singleElement().satisfies(paper -> assertThat(paper.score()).isEqualTo(232));
    }

    private static List<Map<String, Object>> sourceRollup() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT source, reposts::bigint, likes::bigint, posts FROM paper_source_engagement_latest
                        WHERE arxiv_id = :id ORDER BY source
                        """)
                .bind("id", PAPER)
                .mapToMap()
                .list());
    }
}
