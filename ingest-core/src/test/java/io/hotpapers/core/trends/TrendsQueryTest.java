package io.hotpapers.core.trends;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrendsQueryTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2021-05-15T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private PostStore tweets;
    private SnapshotStore snapshots;
    private TrendsQuery trends;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        trends = new TrendsQuery(postgres.jdbi());
    }

    private void tweet(long id, String arxivId, long author) {
        tweets.upsert(List.of(new LinkedPost(XPosts.post(id, author, "u" + author, "U", "text", "en",
                Instant.parse("2021-05-10T00:00:00Z")), Set.of(arxivId))));
    }

    private void snapshot(long id, String at, int retweets, int likes) {
        snapshots.append(List.of(XPosts.snapshot(id, Instant.parse(at), retweets, likes, 0, 0, null, null)));
    }

    private void listed(String date, String category, String arxivId) {
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(LocalDate.parse(date), category, arxivId, AnnounceType.NEW)));
    }

    @Test
    void seriesCarriesEachTweetForwardSoTotalsNeverDip() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        tweet(1, "2105.00001", 100);
        tweet(2, "2105.00001", 200);
        snapshot(1, "2021-05-14T10:05:00Z", 10, 10);
        snapshot(2, "2021-05-14T10:10:00Z", 5, 5);
        snapshot(1, "2021-05-14T11:05:00Z", 20, 20); // tweet 2 not refreshed this round

        List<TrendsQuery.SeriesPoint> series = trends.series("2105.00001", Instant.EPOCH);

        assertThat(series).extracting(TrendsQuery.SeriesPoint::hour)
                .containsExactly(Instant.parse("2021-05-14T10:00:00Z"), Instant.parse("2021-05-14T11:00:00Z"));
        assertThat(series).extracting(TrendsQuery.SeriesPoint::score).containsExactly(30L, 50L);
        assertThat(series).extracting(TrendsQuery.SeriesPoint::tweets).containsExactly(2L, 2L);
        assertThat(trends.isTracked("2105.00001")).isTrue();
        assertThat(trends.isTracked("2105.99999")).isFalse();
    }

    @Test
    void latestTotalsCountLiveTweetsAndUniqueAuthors() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        tweet(1, "2105.00001", 100);
        tweet(2, "2105.00001", 100);
        tweet(3, "2105.00001", 300);
        snapshot(1, "2021-05-14T10:05:00Z", 10, 10);
        snapshot(2, "2021-05-14T10:05:00Z", 1, 1);
        snapshot(3, "2021-05-14T10:05:00Z", 500, 500);
        tweets.markGone("x", XPosts.id(3), Instant.parse("2021-05-14T12:00:00Z"));

        var row = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT score, tweets, unique_authors FROM paper_engagement_latest WHERE arxiv_id = '2105.00001'")
                .mapToMap().one());

        // sums are numeric in SQL: they cannot overflow
        assertThat(row).containsEntry("score", new BigDecimal(22)).containsEntry("tweets", 2L)
                .containsEntry("unique_authors", 1L);
    }

    @Test
    void velocityFavoursFreshGainOverOldTotals() {
        listed("2021-05-10", "cs.LG", "2105.00010"); // five days old: big total, gained 500 today
        listed("2021-05-15", "cs.LG", "2105.00020"); // half a day old: small total, gained 300
        listed("2021-05-15", "stat.ML", "2105.00030");
        tweet(10, "2105.00010", 1);
        tweet(20, "2105.00020", 2);
        tweet(30, "2105.00030", 3);
        snapshot(10, "2021-05-13T12:00:00Z", 4000, 1000);
        snapshot(10, "2021-05-15T11:00:00Z", 4300, 1200);
        snapshot(20, "2021-05-15T11:00:00Z", 200, 100);
        snapshot(30, "2021-05-15T11:00:00Z", 1, 1);

        List<TrendsQuery.TopPaper> byTotal = trends.top(7, null, TrendsQuery.By.TOTAL, 20, NOW);
        List<TrendsQuery.TopPaper> byVelocity = trends.top(7, null, TrendsQuery.By.VELOCITY, 20, NOW);
        List<TrendsQuery.TopPaper> statOnly = trends.top(7, "stat.ML", TrendsQuery.By.TOTAL, 20, NOW);

        assertThat(byTotal).extracting(TrendsQuery.TopPaper::arxivId)
                .containsExactly("2105.00010", "2105.00020", "2105.00030");
        assertThat(byVelocity).extracting(TrendsQuery.TopPaper::arxivId)
                .containsExactly("2105.00020", "2105.00010", "2105.00030");
        assertThat(byTotal.get(0).gain24h()).isEqualTo(500);
        assertThat(byVelocity.get(0).velocity()).isEqualTo(300.0); // a paper younger than a day counts as one day old
        assertThat(statOnly).extracting(TrendsQuery.TopPaper::arxivId).containsExactly("2105.00030");
    }

    @Test
    void topWeighsSourcesAndCanCountOneSourceAlone() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        listed("2021-05-14", "cs.LG", "2105.00002");
        tweet(1, "2105.00001", 100);
        snapshot(1, "2021-05-14T10:00:00Z", 10, 20);
        tweets.upsert(List.of(new LinkedPost(new Post("testnet", "test://a/1", "a", "a", null, "text", null,
                Instant.parse("2021-05-14T09:00:00Z")), Set.of("2105.00002"))));
        snapshots.append(List.of(new PostSnapshot("testnet", "test://a/1", Instant.parse("2021-05-15T10:00:00Z"),
                5, 15, 0, 0, null, null)));
        TrendsQuery weighted = new TrendsQuery(postgres.jdbi(), ScoreWeights.parse("x=1,testnet=2"));

        assertThat(weighted.top(7, null, TrendsQuery.By.TOTAL, 20, NOW))
                .extracting(paper -> paper.arxivId() + " " + paper.score())
                .containsExactly("2105.00002 40", "2105.00001 30");
        assertThat(weighted.top(7, null, "x", TrendsQuery.By.TOTAL, 20, NOW))
                .extracting(paper -> paper.arxivId() + " " + paper.score())
                .containsExactly("2105.00001 30");
        assertThat(weighted.top(7, null, "testnet", TrendsQuery.By.VELOCITY, 20, NOW))
                .extracting(paper -> paper.arxivId() + " " + paper.gain24h())
                .containsExactly("2105.00002 40");
    }

    @Test
    void topCountsOnlyPapersFirstAnnouncedInTheWindowNotReplacementsOfOlderOnes() {
        listed("2021-05-14", "cs.LG", "2105.00040");
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(LocalDate.parse("2020-01-06"), "cs.LG", "2001.00050", AnnounceType.NEW),
                new Listing(LocalDate.parse("2021-05-14"), "cs.LG", "2001.00050", AnnounceType.REPLACE)));
        tweet(40, "2105.00040", 4);
        tweet(50, "2001.00050", 5);
        snapshot(40, "2021-05-15T11:00:00Z", 10, 10);
        snapshot(50, "2021-05-15T11:00:00Z", 900, 900); // an old paper revised this week, talked about again

        assertThat(trends.top(7, null, TrendsQuery.By.TOTAL, 20, NOW)).extracting(TrendsQuery.TopPaper::arxivId)
                .containsExactly("2105.00040");
        assertThat(trends.top(7, null, TrendsQuery.By.VELOCITY, 20, NOW)).extracting(TrendsQuery.TopPaper::arxivId)
                .containsExactly("2105.00040");
    }

    @Test
    void velocityRankingEqualsRankingEveryPaperWhateverTheLimit() {
        // more papers than one batch: sixty five-day-old papers with big totals gained today, then twenty fresh
        // ones whose smaller totals make them faster; some of each also gained before yesterday
        for (int i = 0; i < 80; i++) {
            boolean fresh = i >= 60;
            String arxivId = String.format("2105.%05d", 100 + i);
            listed(fresh ? "2021-05-15" : "2021-05-10", "cs.LG", arxivId);
            tweet(1000 + i, arxivId, i);
            if (i % 3 == 0) {
                snapshot(1000 + i, "2021-05-13T12:00:00Z", 20, 0);
            }
            snapshot(1000 + i, "2021-05-15T11:00:00Z", fresh ? 40 + i : 400 + i, 0);
        }
        List<TrendsQuery.TopPaper> all = trends.top(7, null, TrendsQuery.By.VELOCITY, 1000, NOW);

        assertThat(all).hasSize(80);
        assertThat(all.get(0).arxivId()).isEqualTo("2105.00179");
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparingDouble(TrendsQuery.TopPaper::velocity)
                .reversed().thenComparing(TrendsQuery.TopPaper::arxivId));
        for (int limit : new int[] {1, 7, 20, 64}) {
            assertThat(trends.top(7, null, TrendsQuery.By.VELOCITY, limit, NOW)).isEqualTo(all.subList(0, limit));
        }
    }

    @Test
    void categoriesRollUpPapersTweetedPapersAndEngagement() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        listed("2021-05-14", "cs.LG", "2105.00002");
        listed("2021-05-14", "stat.ML", "2105.00001");
        tweet(1, "2105.00001", 1);
        snapshot(1, "2021-05-14T10:00:00Z", 7, 3);

        List<TrendsQuery.CategoryDay> days = trends.categories(30, NOW);

        assertThat(days).containsExactly(
                new TrendsQuery.CategoryDay("cs.LG", LocalDate.parse("2021-05-14"), 2, 1, 7, 3, 10,
                        Map.of("x", new TrendsQuery.SourceShare(10, 1))),
                new TrendsQuery.CategoryDay("stat.ML", LocalDate.parse("2021-05-14"), 1, 1, 7, 3, 10,
                        Map.of("x", new TrendsQuery.SourceShare(10, 1))));
    }

    private void testPost(String id, String arxivId) {
        tweets.upsert(List.of(new LinkedPost(new Post("test", id, "t1", "t", null, "text", null,
                Instant.parse("2021-05-14T09:00:00Z")), Set.of(arxivId))));
    }

    private void testSnapshot(String id, String at, int reposts, int likes) {
        snapshots.append(List.of(new PostSnapshot("test", id, Instant.parse(at), reposts, likes, 0, 0, null, null)));
    }

    @Test
    void everyTrendSplitsItsTotalBySourceAndCanShowOneSourceAlone() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        listed("2021-05-14", "cs.LG", "2105.00002");
        tweet(1, "2105.00001", 100);
        tweet(2, "2105.00002", 200);
        testPost("test://a/1", "2105.00001");
        snapshot(1, "2021-05-14T10:05:00Z", 10, 20);
        snapshot(2, "2021-05-14T10:30:00Z", 1, 1);
        testSnapshot("test://a/1", "2021-05-14T11:10:00Z", 5, 15);
        snapshot(1, "2021-05-14T12:05:00Z", 11, 20);

        List<TrendsQuery.SeriesPoint> series = trends.series("2105.00001", Instant.EPOCH);
        assertThat(series).extracting(point -> point.hour() + " " + point.score() + " " + point.bySource())
                .containsExactly(
                        "2021-05-14T10:00:00Z 30 {x=SourceShare[score=30, count=1]}",
                        "2021-05-14T11:00:00Z 50 {test=SourceShare[score=20, count=1], x=SourceShare[score=30, count=1]}",
                        "2021-05-14T12:00:00Z 51 {test=SourceShare[score=20, count=1], x=SourceShare[score=31, count=1]}");
        assertThat(trends.series("2105.00001", Instant.EPOCH, "test"))
                .extracting(point -> point.hour() + " " + point.retweets() + " " + point.likes() + " " + point.tweets())
                .containsExactly("2021-05-14T11:00:00Z 5 15 1");
        assertThat(trends.series("2105.00001", Instant.parse("2021-05-14T11:00:00Z"), "x"))
                .extracting(TrendsQuery.SeriesPoint::score).containsExactly(31L);

        assertThat(trends.top(7, null, TrendsQuery.By.TOTAL, 20, NOW))
                .extracting(paper -> paper.arxivId() + " " + paper.score() + " " + paper.bySource())
                .containsExactly(
                        "2105.00001 51 {test=SourceShare[score=20, count=1], x=SourceShare[score=31, count=1]}",
                        "2105.00002 2 {x=SourceShare[score=2, count=1]}");

        LocalDate day = LocalDate.parse("2021-05-14");
        assertThat(trends.categories(30, NOW)).containsExactly(new TrendsQuery.CategoryDay("cs.LG", day, 2, 2, 17,
                36, 53, Map.of("x", new TrendsQuery.SourceShare(33, 2), "test", new TrendsQuery.SourceShare(20, 1))));
        assertThat(trends.categories(30, "test", NOW)).containsExactly(new TrendsQuery.CategoryDay("cs.LG", day, 2,
                1, 5, 15, 20, Map.of("test", new TrendsQuery.SourceShare(20, 1))));
        assertThat(trends.categories(30, "bluesky", NOW)).as("no engagement there: the listed papers still count")
                .containsExactly(new TrendsQuery.CategoryDay("cs.LG", day, 2, 0, 0, 0, 0, Map.of()));
    }

    @Test
    void theRollupFollowsLinksAddedAfterTheSnapshotsAndTweetsThatGo() {
        listed("2021-05-14", "cs.LG", "2105.00001");
        listed("2021-05-14", "cs.LG", "2105.00002");
        tweet(1, "2105.00001", 100);
        snapshot(1, "2021-05-14T10:05:00Z", 10, 20);

        tweet(1, "2105.00002", 100); // the same tweet, found again linking a second paper
        long linked = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT score FROM paper_engagement_latest WHERE arxiv_id = '2105.00002'").mapTo(Long.class).one());
        tweets.markGone("x", XPosts.id(1), Instant.parse("2021-05-14T12:00:00Z"));
        int left = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM paper_engagement_latest").mapTo(Integer.class).one());

        assertThat(linked).isEqualTo(30);
        assertThat(left).as("a gone tweet counts for no paper").isZero();
    }
}
