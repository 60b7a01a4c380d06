package io.hotpapers.social.hackernews;

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
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.x.XModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A past mailing date gets Hacker News engagement without X: discovery through the real services into the real
 * database, checkpointed per date, and the digest of that date carries Hacker News' own line, link lines and JSON
 * counts.
 */
class HackerNewsBackfillTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    private static final Instant SUBMITTED = Instant.parse("2021-05-09T19:47:43Z");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg");

    @TempDir
    Path out;

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = MutableClock.at("2026-11-30T12:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private PaperStore papers;
    private PostStore posts;
    private SnapshotStore snapshots;
    private DiscoveryService discovery;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.start();
        papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", "2105.00001", AnnounceType.NEW)));
        papers.upsert(List.of(paper("2105.04026", "The Modern Mathematics of Deep Learning"),
                paper("2105.00001", "Another paper")));
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        discovery = new DiscoveryService(new TestHackerNews(server, postgres.jdbi(), clock).source, papers, posts,
                snapshots, new CursorStore(postgres.jdbi(), clock), new IngestRunStore(postgres.jdbi(), clock, json),
                clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Paper paper(String id, String title) {
        return new Paper(id, 1, title, "Abstract.", List.of("Julius Berner"), "cs.LG", List.of("cs.LG"), SUBMITTED,
                SUBMITTED, null, null, null);
    }

    @Test
    void aBackfilledDateStoresItsStoriesOnceAndItsDigestCarriesHackerNews() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(Fixtures.text("hn-search-by-date-arxiv-window-constructed.json")).build());

        Optional<DiscoveryService.Result> first = discovery.discoverOnce(List.of("cs.LG"), MAILING);
        Optional<DiscoveryService.Result> again = discovery.discoverOnce(List.of("cs.LG"), MAILING);

        assertThat(first).hasValueSatisfying(result -> {
            assertThat(result.requests()).isEqualTo(1);
            assertThat(result.postsStored()).isEqualTo(3);
            assertThat(result.snapshots()).isEqualTo(3);
        });
        assertThat(again).as("the date is checkpointed: a rerun backfill does not ask again").isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getUrl().queryParameter("numericFilters"))
                .as("from the papers' submission to now: a past date's stories are all there")
                .isEqualTo("created_at_i>=" + SUBMITTED.getEpochSecond() + ",created_at_i<"
                        + (clock.instant().getEpochSecond() + 1));
        assertThat(posts.find("hackernews", "27117555")).as("the comment").isEmpty();
        assertThat(posts.find("hackernews", "27118000")).isPresent();

        ScoreWeights weights = ScoreWeights.parse(ScoreWeights.DEFAULT_SETTING);
        TrendsQuery trends = new TrendsQuery(postgres.jdbi(), weights);
        DigestService digests = new DigestService(new DigestQuery(postgres.jdbi(), papers, weights),
                new DigestStore(postgres.jdbi(), json), trends, json, STYLE, null, clock,
                // as App builds it: every module's renderer, Hacker News alone enabled (no X account)
                new SourceRenderers(List.of(new XModule().renderer(), new HackerNewsModule().renderer()),
                        List.of(HackerNewsSource.NAME)));
        digests.write(MAILING, new DigestParameters(List.of("cs.LG"), EnumSet.of(AnnounceType.NEW), 0, 0, 0, 10),
                null, EnumSet.of(DigestFormat.MD, DigestFormat.JSON), out);

        String markdown = Files.readString(out.resolve("hot-papers-2021-05-11.md"));
        assertThat(markdown).contains("- hacker news: 2 stories, 308 points, 95 comments")
                .contains("<p class=\"hackernews-story\">Hacker News: <a href=\"https://news.ycombinator.com/item?"
                        + "id=27118000\">Deep learning theory, the PDF &amp; the &lt;b&gt;proofs&lt;/b&gt;</a> "
                        + "(97 points, 31 comments, by grace_h)</p>")
                .doesNotContain("platform.twitter.com");
        JsonNode document = json.readTree(out.resolve("hot-papers-2021-05-11.json").toFile());
        assertThat(document.path("schema").asText()).isEqualTo(JsonRenderer.SCHEMA_2);
        JsonNode top = document.path("entries").get(0);
        assertThat(top.path("arxivId").asText()).isEqualTo("2105.04026");
        assertThat(json.writeValueAsString(top.path("sources")))
                .isEqualTo("{\"hackernews\":{\"posts\":2,\"points\":308,\"comments\":95}}");
        assertThat(top.path("tweets")).extracting(story -> story.path("url").asText()).containsExactly(
                "https://news.ycombinator.com/item?id=27117401", "https://news.ycombinator.com/item?id=27118000");
        assertThat(json.writeValueAsString(document.path("entries").get(1).path("sources")))
                .isEqualTo("{\"hackernews\":{\"posts\":1,\"points\":3,\"comments\":0}}");
    }
}
