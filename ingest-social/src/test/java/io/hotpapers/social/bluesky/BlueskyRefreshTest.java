package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.RefreshService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh against the real schema: a post getPosts no longer returns is gone, and bots' posts roll up apart. */
@Tag("reliability")
class BlueskyRefreshTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2025-05-19");
    private static final Instant ANNOUNCED = Instant.parse("2025-05-19T04:00:00Z");
    private static final String PAPER = "2505.00001";
    private static final String LINK = "https://arxiv.org/abs/2505.00001";
    private static final String HUMAN = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String BOT = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(ANNOUNCED.plus(Duration.ofHours(8)));
    private PostStore posts;
    private SnapshotStore snapshots;
    private RefreshService refresh;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.start();
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", PAPER, AnnounceType.NEW)));
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        TestBluesky bluesky = new TestBluesky(server, postgres.jdbi(), clock, false, 10);
        refresh = new RefreshService(bluesky.source, posts, snapshots,
                new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper()), RefreshPolicy.standard(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void store(String did, String rkey, boolean automated, long likes) {
        String uri = BlueskyBodies.uri(did, rkey);
        posts.upsert(List.of(new PostStore.LinkedPost(new Post("bluesky", uri, did, null, null, "see " + LINK, "en",
                ANNOUNCED.plus(Duration.ofHours(1)), automated, BlueskyBodies.CID), Set.of(PAPER))));
        snapshots.append(List.of(new PostSnapshot("bluesky", uri, clock.instant(), 1, likes, 0, 0, null, null)));
    }

    private Map<String, Object> rollup(String table) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT posts, likes::bigint AS likes FROM " + table + " WHERE arxiv_id = :id AND source = 'bluesky'")
                .bind("id", PAPER).mapToMap().findOne().orElse(Map.of()));
    }

    private static MockResponse answer(List<com.fasterxml.jackson.databind.node.ObjectNode> views) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(BlueskyBodies.page(views, null)).build();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode view(String did, String rkey, long likes) {
        return BlueskyBodies.view(did, rkey, "someone.bsky.social",
                BlueskyBodies.record("see " + LINK, "2025-05-19T05:00:00Z", LINK), likes, 2);
    }

    @Test
    void aPostMissingFromTheAnswerIsGoneKeepsItsHistoryAndStopsCounting() throws Exception {
        store(HUMAN, "3stays", false, 10);
        store(HUMAN, "3goes", false, 30);
        assertThat(rollup("paper_source_latest")).isEqualTo(Map.of("posts", 2L, "likes", 40L));

        clock.advance(Duration.ofHours(1));
        server.enqueue(answer(List.of(view(HUMAN, "3stays", 15))));
        RefreshService.Result result = refresh.refresh();

        assertThat(result.snapshots()).isEqualTo(1);
        assertThat(result.gone()).isEqualTo(1);
        assertThat(posts.find("bluesky", BlueskyBodies.uri(HUMAN, "3goes")).orElseThrow().goneAt()).isEqualTo(clock.instant());
        assertThat(posts.find("bluesky", BlueskyBodies.uri(HUMAN, "3stays")).orElseThrow().goneAt()).isNull();
        assertThat(snapshots.history("bluesky", BlueskyBodies.uri(HUMAN, "3goes"))).hasSize(1);
        assertThat(rollup("paper_source_latest")).isEqualTo(Map.of("posts", 1L, "likes", 15L));

        clock.advance(Duration.ofHours(1));
        assertThat(refresh.due()).as("a gone post is not refreshed again")
                .containsExactly(BlueskyBodies.uri(HUMAN, "3stays"));
    }

    @Test
    void botsPostsRollUpApartAndAStreamedSightingDoesNotClearTheFlag() {
        store(HUMAN, "3human", false, 10);
        store(BOT, "3bot", true, 100);

        assertThat(rollup("paper_source_latest")).isEqualTo(Map.of("posts", 1L, "likes", 10L));
        assertThat(rollup("paper_source_automated_latest")).isEqualTo(Map.of("posts", 1L, "likes", 100L));
        long total = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT likes::bigint FROM paper_latest WHERE arxiv_id = :id").bind("id", PAPER).mapTo(Long.class).one());
        assertThat(total).as("the totals over all sources leave bots out too").isEqualTo(10);

        // the stream cannot see labels: its sighting says automated=false
        posts.upsert(List.of(new PostStore.LinkedPost(new Post("bluesky", BlueskyBodies.uri(BOT, "3bot"), BOT, null,
                null, "see " + LINK, "en", ANNOUNCED.plus(Duration.ofHours(1))), Set.of(PAPER))));
        assertThat(posts.find("bluesky", BlueskyBodies.uri(BOT, "3bot")).orElseThrow().post().automated()).isTrue();

        // an account that labels itself a bot later: its post moves apart at once
        posts.upsert(List.of(new PostStore.LinkedPost(new Post("bluesky", BlueskyBodies.uri(HUMAN, "3human"), HUMAN,
                null, null, "see " + LINK, "en", ANNOUNCED.plus(Duration.ofHours(1)), true, null), Set.of(PAPER))));
        assertThat(rollup("paper_source_latest")).isEmpty();
        assertThat(rollup("paper_source_automated_latest")).isEqualTo(Map.of("posts", 2L, "likes", 110L));
        assertThat(posts.find("bluesky", BlueskyBodies.uri(HUMAN, "3human")).orElseThrow().post().contentId())
                .as("a sighting without a cid keeps the stored one").isEqualTo(BlueskyBodies.CID);
    }
}
