package io.hotpapers.social;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Posts that break what X defines (ids, counts, creation times) are skipped with a stored reason while the rest of
 * their page is stored, and the round succeeds: a poison post no longer fails the day on every rerun.
 */
@Tag("reliability")
class PoisonPostsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    private static final Instant NOW = Instant.parse("2021-05-11T14:00:00Z");
    private static final String POSTED = "2021-05-11T06:10:02.000Z";
    private static final String LINK = "https://arxiv.org/abs/2105.04026";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);
    private PostStore tweets;
    private SnapshotStore snapshots;
    private CursorStore cursors;
    private IngestRunStore runs;
    private DiscoveryService discovery;
    private RefreshService refresh;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        server.start();
        // the poison posts' authors are taken as stored: their look-up is not what this test is about
        TestX x = new TestX(server, postgres.jdbi(), clock, 10_000, false, ids -> java.util.Set.copyOf(ids));
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW)));
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        cursors = new CursorStore(postgres.jdbi(), clock);
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        discovery = new DiscoveryService(x.source, papers, tweets, snapshots, cursors, runs, clock);
        refresh = new RefreshService(x.source, tweets, snapshots, runs, RefreshPolicy.standard(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPageWithPoisonPostsStoresTheRestAndRecordsEachSkipWithItsReason() {
        server.enqueue(ok(page("""
                        {"id":"1","username":"ada","name":"Ada"},
                        {"id":"2","username":"evil](javascript:x)","name":"Mallory"},
                        {"id":"-3","username":"neg","name":"Negative"}""",
                post("\"501\"", "1", POSTED, "10", "100"),
                post("\"502\"", "1", POSTED, "-5", "100"),
                post("\"503\"", "1", POSTED, "9223372036854775807", "9223372036854775807"),
                post("\"504\"", "1", POSTED, "9223372036854775808", "1"),
                post("\"abc\"", "1", POSTED, "1", "1"),
                post("\"506\"", "1", "3000-01-01T00:00:00.000Z", "1", "1"),
                post("\"507\"", "1", POSTED, "1", "1.5"),
                post("\"508\"", "1", POSTED, "1", "\"12\""),
                post("\"509\"", "1", POSTED, "1", "true"),
                post("\"510\"", "1", "1990-01-01T00:00:00.000Z", "1", "1"),
                post("\"511\"", "1", "yesterday", "1", "1"),
                post("\"512\"", "2", POSTED, "4294967396", "0"),
                post("513", "1", POSTED, "1", "1"),
                post("\"514\"", "x", POSTED, "1", "1"))));

        DiscoveryService.Result result = discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(result.postsStored()).isEqualTo(3);
        assertThat(result.skipped()).isEqualTo(13);
        assertThat(snapshots.history("x", XPosts.id(501))).extracting(PostSnapshot::reposts).containsExactly(10L);
        assertThat(snapshots.history("x", XPosts.id(503))).singleElement().satisfies(snapshot -> {
            assertThat(snapshot.reposts()).isEqualTo(Long.MAX_VALUE);
            assertThat(snapshot.likes()).isEqualTo(Long.MAX_VALUE);
        });
        assertThat(snapshots.history("x", XPosts.id(512))).extracting(PostSnapshot::reposts).containsExactly(4294967396L);
        assertThat(tweets.find("x", XPosts.id(512)).orElseThrow().post().authorHandle()).as("a user X would not name").isNull();
        assertThat(tweets.find("x", XPosts.id(501)).orElseThrow().post().authorHandle()).isEqualTo("ada");
        IngestRun run = runs.recent(1).get(0);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.skips(run.runId())).extracting(Skip::item, Skip::reason).contains(
                tuple("x post 502", "retweet_count is negative (-5)"),
                tuple("x post 504", "retweet_count is outside 0 to 2^63 - 1 (9223372036854775808)"),
                tuple("x post \"abc\"", "id is not a positive 64-bit decimal string (\"abc\")"),
                tuple("x post 506", "created_at is in the future (3000-01-01T00:00:00Z)"),
                tuple("x post 507", "like_count is not an integer (1.5)"),
                tuple("x post 508", "like_count is not an integer (\"12\")"),
                tuple("x post 509", "like_count is not an integer (true)"),
                tuple("x post 510", "created_at is before arXiv existed (1990-01-01T00:00:00Z)"),
                tuple("x post 511", "created_at is unreadable (\"yesterday\")"),
                tuple("x post 513", "id is not a positive 64-bit decimal string (513)"),
                tuple("x post 514", "author_id is not a positive 64-bit decimal string (\"x\")"),
                tuple("x user 2", "username is not 1 to 15 letters, digits or underscores "
                        + "(\"evil](javascript:x)\")"),
                tuple("x user \"-3\"", "id is not a positive 64-bit decimal string (\"-3\")"));
        assertThat(cursors.cursors("x", List.of("2105.04026"))).isEqualTo(Map.of("2105.04026", "512"));
    }

    @Test
    void aDateWithinTheClockSkewAllowanceIsNotTheFuture() {
        server.enqueue(ok(page("{\"id\":\"1\",\"username\":\"ada\",\"name\":\"Ada\"}",
                post("\"601\"", "1", NOW.plus(Duration.ofMinutes(4)).toString(), "1", "1"),
                post("\"602\"", "1", NOW.plus(Duration.ofMinutes(6)).toString(), "1", "1"))));

        DiscoveryService.Result result = discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(result.postsStored()).isEqualTo(1);
        assertThat(runs.skips(runs.recent(1).get(0).runId())).extracting(Skip::item).containsExactly("x post 602");
    }

    @Test
    void aRefreshStoresTheGoodSnapshotsOfAPageAndRecordsThePoisonOnes() {
        server.enqueue(ok(page("{\"id\":\"1\",\"username\":\"ada\",\"name\":\"Ada\"}",
                post("\"701\"", "1", POSTED, "1", "1"), post("\"702\"", "1", POSTED, "1", "1"))));
        discovery.discoverActive(List.of("cs.LG"), 7);
        clock.advance(Duration.ofHours(1));
        server.enqueue(ok(page("{\"id\":\"1\",\"username\":\"ada\",\"name\":\"Ada\"}",
                post("\"701\"", "1", POSTED, "2147483648", "5"), post("\"702\"", "1", POSTED, "-1", "5"))));

        RefreshService.Result result = refresh.refresh();

        assertThat(result.snapshots()).isEqualTo(1);
        assertThat(snapshots.history("x", XPosts.id(701))).extracting(PostSnapshot::reposts).containsExactly(1L, 2147483648L);
        assertThat(snapshots.history("x", XPosts.id(702))).extracting(PostSnapshot::reposts).containsExactly(1L);
        IngestRun run = runs.recent(1).get(0);
        assertThat(run.job()).isEqualTo(RefreshService.JOB);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.skips(run.runId())).extracting(Skip::item, Skip::reason)
                .containsExactly(tuple("x post 702", "retweet_count is negative (-1)"));
    }

    @Test
    void nulCharactersThatPostgresCannotStoreAreDroppedAndThePostKept() {
        server.enqueue(ok(page("{\"id\":\"1\",\"username\":\"ada\",\"name\":\"A\\u0000da\"}",
                post("\"801\"", "1", POSTED, "1", "1").replace("\"text\":\"paper\"", "\"text\":\"pa\\u0000per\""),
                post("\"802\"", "1", POSTED, "2", "2"))));

        DiscoveryService.Result result = discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(result.postsStored()).isEqualTo(2);
        assertThat(tweets.find("x", XPosts.id(801)).orElseThrow().post().text()).isEqualTo("paper");
        assertThat(tweets.find("x", XPosts.id(801)).orElseThrow().post().authorName()).isEqualTo("Ada");
        assertThat(runs.recent(1).get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    /** A post whose id, author id, creation time and counts are written into the JSON as given (raw JSON). */
    private static String post(String id, String authorId, String createdAt, String retweets, String likes) {
        return """
                {"id":%s,"author_id":"%s","created_at":"%s","lang":"en","text":"paper",\
                "public_metrics":{"retweet_count":%s,"reply_count":0,"like_count":%s,"quote_count":0},\
                "entities":{"urls":[{"url":"https://t.co/x","expanded_url":"%s"}]}}"""
                .formatted(id, authorId, createdAt, retweets, likes, LINK);
    }

    private static String page(String users, String... posts) {
        return "{\"data\":[" + String.join(",", posts) + "],\"includes\":{\"users\":[" + users
                + "]},\"meta\":{\"newest_id\":\"512\",\"result_count\":" + posts.length + "}}";
    }
}
