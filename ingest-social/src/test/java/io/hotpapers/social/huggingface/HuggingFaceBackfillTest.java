package io.hotpapers.social.huggingface;

import static io.hotpapers.social.huggingface.HfStandIn.entry;
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
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.social.DiscoveryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A past mailing date backfilled with Hugging Face alone (no X): its posts and snapshots land in the real database
 * through DiscoveryService, once per date, and its digest carries them (per-source line, link line, JSON v2 counts).
 */
class HuggingFaceBackfillTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2026-08-20");
    private static final String VOTED = "2608.13558";
    private static final String QUIET = "2608.20002";
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg");

    @TempDir
    Path out;

    private final MockWebServer server = new MockWebServer();
    private final HfStandIn standIn = new HfStandIn();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private PaperStore papers;
    private PostStore posts;
    private SnapshotStore snapshots;
    private DiscoveryService discovery;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.setDispatcher(standIn);
        server.start();
        papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", VOTED, AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", QUIET, AnnounceType.NEW)));
        papers.upsert(List.of(paper(VOTED, "OmniScientist: An Omni-Modal Omni-Discipline AI Scientist"),
                paper(QUIET, "A paper nobody voted for")));
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        TestHf hf = new TestHf(server, postgres.jdbi(), clock);
        discovery = new DiscoveryService(hf.source, papers, posts, snapshots, hf.cursors,
                new IngestRunStore(postgres.jdbi(), clock, json), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Paper paper(String id, String title) {
        Instant submitted = Instant.parse("2026-08-18T12:00:00Z");
        return new Paper(id, 1, title, "Abstract.", List.of("Bobo Li"), "cs.LG", List.of("cs.LG"), submitted,
                submitted, null, null, null);
    }

    @Test
    void aBackfilledDateStoresItsPostsOnceAndItsDigestCarriesThem() throws Exception {
        standIn.list(MAILING, entry(VOTED, 54, 2, MAILING));

        assertThat(discovery.discoverOnce(List.of("cs.LG"), MAILING)).hasValueSatisfying(result -> {
            assertThat(result.postsStored()).isEqualTo(1);
            assertThat(result.requests()).as("five days and one look-up").isEqualTo(6);
        });
        assertThat(discovery.discoverOnce(List.of("cs.LG"), MAILING)).as("checkpointed: a rerun resumes").isEmpty();
        assertThat(standIn.requests).hasSize(6);

        assertThat(posts.find("huggingface", VOTED).orElseThrow().post().text())
                .isEqualTo("Paper " + VOTED);
        assertThat(posts.linkedPapers("huggingface", VOTED)).containsExactly(VOTED);
        assertThat(snapshots.history("huggingface", VOTED)).singleElement()
                .satisfies(snapshot -> assertThat(snapshot.likes()).isEqualTo(54));
        Map<String, Object> rollup = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT source, likes::bigint, replies::bigint, posts FROM paper_source_engagement_latest
                        WHERE arxiv_id = :id
                        """).bind("id", VOTED).mapToMap().one());
        assertThat(rollup).isEqualTo(Map.of("source", "huggingface", "likes", 54L, "replies", 2L, "posts", 1L));

        ScoreWeights weights = ScoreWeights.DEFAULT;
        DigestService digests = new DigestService(new DigestQuery(postgres.jdbi(), papers, weights),
                new DigestStore(postgres.jdbi(), json), new TrendsQuery(postgres.jdbi(), weights), json, STYLE, null,
                clock, new SourceRenderers(List.of(new XPostRenderer(), new HuggingFaceRenderer())));
        digests.write(MAILING, new DigestParameters(List.of("cs.LG"), EnumSet.of(AnnounceType.NEW), 50, 0, 0, 10),
                null, EnumSet.of(DigestFormat.MD, DigestFormat.JSON), out);

        String markdown = Files.readString(out.resolve("hot-papers-2026-08-20.md"));
        assertThat(markdown).contains("- hugging face: 54 upvotes, 2 comments\n")
                .contains("<p class=\"hotpapers-link\" data-source=\"huggingface\"><a href=\"https://huggingface.co/"
                        + "papers/2608.13558\">Hugging Face paper page</a>: Paper 2608.13558 (54 upvotes, 2 comments)</p>")
                .doesNotContain("twitter-tweet").doesNotContain(QUIET);
        JsonNode document = json.readTree(out.resolve("hot-papers-2026-08-20.json").toFile());
        assertThat(document.path("schema").asText()).isEqualTo(JsonRenderer.SCHEMA_2);
        JsonNode entry = document.path("entries").get(0);
        assertThat(json.writeValueAsString(entry.path("sources")))
                .isEqualTo("{\"huggingface\":{\"upvotes\":54,\"comments\":2}}");
        assertThat(entry.path("tweets").get(0).path("url").asText()).isEqualTo("https://huggingface.co/papers/" + VOTED);
    }
}
