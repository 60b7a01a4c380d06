package io.hotpapers.core.digest;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Counts past 32 bits are stored, summed and ranked exactly, and sums past 64 bits are capped, never wrapped:
 * in the snapshots, the rollups, the digest ranking, its Markdown and JSON, and the trends.
 */
class LargeCountsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2021-05-11");
    private static final Instant CAPTURED = Instant.parse("2021-05-12T08:00:00Z");
    private static final Instant NOW = Instant.parse("2021-05-12T09:00:00Z");
    private static final List<String> CATEGORIES = List.of("cs.LG");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg");

    private final MutableClock clock = new MutableClock(NOW);
    private final ObjectMapper json = new ObjectMapper();
    private PaperStore papers;
    private PostStore tweets;
    private SnapshotStore snapshots;
    private DigestService digests;
    private long nextTweetId = 1392023521585475589L;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        papers = new PaperStore(postgres.jdbi(), clock);
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        digests = new DigestService(new DigestQuery(postgres.jdbi(), papers), new DigestStore(postgres.jdbi(), json),
                new TrendsQuery(postgres.jdbi()), json, STYLE, "https://example.org/posts/", clock);
    }

    @Test
    void twoTweetsOfTheLargestIntegerEachRankTheirPaperFirstWithTheExactSum() throws Exception {
        paper("2105.00001");
        paper("2105.00002");
        tweetWith("2105.00001", Integer.MAX_VALUE, 0);
        tweetWith("2105.00001", Integer.MAX_VALUE, 0);
        tweetWith("2105.00002", 5000, 5000);

        Digest digest = digests.make(DAY, DigestParameters.defaults(CATEGORIES), null);

        DigestEntry first = digest.entries().get(0);
        assertThat(first.paper().arxivId()).isEqualTo("2105.00001");
        assertThat(first.reposts()).isEqualTo(4294967294L);
        assertThat(new MarkdownRenderer(STYLE).render(digest)).contains("retweets: 4294967294");
        JsonNode rendered = json.readTree(new JsonRenderer(json, STYLE).render(digest));
        assertThat(rendered.findValue("retweets").asLong()).isEqualTo(4294967294L);
        assertThat(new TrendsQuery(postgres.jdbi()).top(7, null, TrendsQuery.By.TOTAL, 10, NOW).get(0))
                .extracting(TrendsQuery.TopPaper::arxivId, TrendsQuery.TopPaper::score)
                .containsExactly("2105.00001", 4294967294L);
    }

    @Test
    void aCountPast32BitsIsStoredExactly() {
        paper("2105.00001");
        long tweetId = tweetWith("2105.00001", (1L << 32) + 100, 0);

        assertThat(snapshots.history("x", XPosts.id(tweetId))).extracting(PostSnapshot::reposts).containsExactly(4294967396L);
    }

    @Test
    void countsOfTheLongMaximumAreStoredExactlyAndTheirSumsCappedNotWrapped() {
        paper("2105.00001");
        paper("2105.00002");
        long largest = tweetWith("2105.00001", Long.MAX_VALUE, Long.MAX_VALUE);
        tweetWith("2105.00001", Long.MAX_VALUE, 1);
        tweetWith("2105.00002", 100, 100);

        Digest digest = digests.make(DAY, DigestParameters.defaults(CATEGORIES), null);

        assertThat(snapshots.history("x", XPosts.id(largest))).extracting(PostSnapshot::likes).containsExactly(Long.MAX_VALUE);
        assertThat(digest.entries()).extracting(entry -> entry.paper().arxivId(), DigestEntry::score)
                .containsExactly(tuple("2105.00001", Long.MAX_VALUE),
                        tuple("2105.00002", 200L));
        TrendsQuery trends = new TrendsQuery(postgres.jdbi());
        assertThat(trends.top(7, null, TrendsQuery.By.TOTAL, 10, NOW)).extracting(TrendsQuery.TopPaper::score)
                .containsExactly(Long.MAX_VALUE, 200L);
        assertThat(trends.categories(7, NOW)).extracting(TrendsQuery.CategoryDay::engagement)
                .containsExactly(Long.MAX_VALUE);
        assertThat(trends.series("2105.00001", CAPTURED.minusSeconds(3600))).extracting(TrendsQuery.SeriesPoint::score)
                .containsExactly(Long.MAX_VALUE);
    }

    private void paper(String arxivId) {
        papers.upsert(List.of(new Paper(arxivId, 1, "Title " + arxivId, "Abstract", List.of("A. Author"), "cs.LG",
                List.of("cs.LG"), Instant.parse("2021-05-09T19:47:43Z"), Instant.parse("2021-05-09T19:47:43Z"), null,
                null, null)));
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(DAY, "cs.LG", arxivId, AnnounceType.NEW)));
    }

    private long tweetWith(String arxivId, long retweets, long likes) {
        long id = nextTweetId++;
        tweets.upsert(List.of(new LinkedPost(XPosts.post(id, id % 1000, "someone", "Some One", "text", "en",
                Instant.parse("2021-05-11T06:10:02Z")), Set.of(arxivId))));
        snapshots.append(List.of(XPosts.snapshot(id, CAPTURED, retweets, likes, 0, 0, null, null)));
        return id;
    }
}
