package io.hotpapers.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Posts of self-labelled bots (a feed bot posts every new paper at once) are stored but kept out of scores: the
 * digest leaves them out unless told to count them, trends reports them apart.
 */
class AutomatedPostsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2025-05-19");
    private static final Instant CAPTURED = Instant.parse("2025-05-19T20:00:00Z");
    private static final Instant NOW = Instant.parse("2025-05-20T09:00:00Z");
    private static final String PAPER = "2505.00001";

    private final MutableClock clock = new MutableClock(NOW);
    private PaperStore papers;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        papers = new PaperStore(postgres.jdbi(), clock);
        papers.upsert(List.of(new Paper(PAPER, 1, "Title", "Abstract", List.of("A. Author"), "cs.LG", List.of("cs.LG"),
                Instant.parse("2025-05-16T19:47:43Z"), Instant.parse("2025-05-16T19:47:43Z"), null, null, null)));
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(DAY, "cs.LG", PAPER, AnnounceType.NEW)));
        post("at://did:plc:human/app.bsky.feed.post/3a", "did:plc:human", false, 30, 40);
        post("at://did:plc:feedbot/app.bsky.feed.post/3b", "did:plc:feedbot", true, 100, 900);
    }

    private void post(String uri, String did, boolean automated, long reposts, long likes) {
        new PostStore(postgres.jdbi(), clock).upsert(List.of(new LinkedPost(new Post("bluesky", uri, did, null, null,
                "text", "en", Instant.parse("2025-05-19T06:00:00Z"), automated, null), Set.of(PAPER))));
        new SnapshotStore(postgres.jdbi()).append(List.of(new PostSnapshot("bluesky", uri, CAPTURED, reposts, likes, 0,
                0, null, null)));
    }

    private DigestEntry rank(boolean countBots) {
        return new DigestQuery(postgres.jdbi(), papers, ScoreWeights.DEFAULT, countBots)
                .rank(DAY, NOW, DigestParameters.defaults(List.of("cs.LG"))).get(0);
    }

    @Test
    void theDigestLeavesBotsOutUnlessToldToCountThem() {
        DigestEntry human = rank(false);
        assertThat(human.score()).isEqualTo(70);
        assertThat(human.posts()).extracting(EmbeddedPost::postId).containsExactly("at://did:plc:human/app.bsky.feed.post/3a");

        DigestEntry all = rank(true);
        assertThat(all.score()).isEqualTo(1070);
        assertThat(all.posts()).hasSize(2);
    }

    @Test
    void trendsScoreLeavesBotsOutAndReportsThemApart() {
        TrendsQuery trends = new TrendsQuery(postgres.jdbi());

        assertThat(trends.top(7, null, TrendsQuery.By.TOTAL, 10, NOW)).singleElement()
                .satisfies(paper -> assertThat(paper.score()).isEqualTo(70));
        assertThat(trends.automated(List.of(PAPER), null)).isEqualTo(Map.of(PAPER, new TrendsQuery.SourceShare(1000, 1)));
        assertThat(trends.automated(List.of(PAPER), "x")).isEmpty();
        assertThat(trends.series(PAPER, CAPTURED.minusSeconds(7200))).singleElement()
                .satisfies(point -> assertThat(point.score()).isEqualTo(70));
    }
}
