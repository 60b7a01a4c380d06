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
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per category and day rollup behind {@code category_engagement_daily} equals the same figures computed from
 * the listings and paper totals, whatever the order of writes and when writers run at once.
 */
class CategoryRollupTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** The view's figures computed from scratch, as before the rollup existed. */
    private static final String FROM_SCRATCH = """
            SELECT l.category, l.mailing_date, count(*) AS papers, count(p.arxiv_id) AS tweeted_papers,
                   coalesce(sum(p.reposts), 0) AS retweets, coalesce(sum(p.likes), 0) AS likes
            FROM listings l LEFT JOIN paper_latest p USING (arxiv_id)
            GROUP BY l.category, l.mailing_date ORDER BY l.mailing_date, l.category
            """;
    private static final String FROM_VIEW = """
            SELECT category, mailing_date, papers, tweeted_papers, retweets, likes FROM category_engagement_daily
            ORDER BY mailing_date, category
            """;
    private static final List<String> CATEGORIES = List.of("cs.LG", "stat.ML", "cs.CL");

    private final MutableClock clock = new MutableClock(Instant.parse("2021-05-15T12:00:00Z"));
    private PostStore tweets;
    private SnapshotStore snapshots;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
    }

    @Test
    void equalsTheFiguresFromScratchAfterAnyMixOfWrites() {
        Random random = new Random(42);
        for (int step = 0; step < 300; step++) {
            String arxivId = paper(random.nextInt(12));
            long tweetId = 100 + random.nextInt(30);
            switch (random.nextInt(6)) {
                case 0 -> listed(arxivId, random);
                case 1 -> tweets.upsert(List.of(new LinkedPost(XPosts.post(tweetId, tweetId % 7, "u", "U", "text", "en",
                        Instant.parse("2021-05-10T00:00:00Z")), Set.of(arxivId))));
                case 2, 3 -> snapshotIfKnown(tweetId, step, random);
                case 4 -> tweets.markGone("x", XPosts.id(tweetId), clock.instant());
                default -> postgres.jdbi().useHandle(handle -> handle.execute(
                        "DELETE FROM listings WHERE arxiv_id = ? AND category = ?", arxivId,
                        CATEGORIES.get(random.nextInt(CATEGORIES.size()))));
            }
        }
        postgres.jdbi().useHandle(handle -> handle.execute(
                "UPDATE listings SET mailing_date = mailing_date + 1 WHERE category = 'cs.CL'"));

        assertThat(rows(FROM_VIEW)).isNotEmpty().isEqualTo(rows(FROM_SCRATCH));

        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE paper_latest"));
        assertThat(rows(FROM_VIEW)).isNotEmpty().isEqualTo(rows(FROM_SCRATCH))
                .allSatisfy(row -> assertThat(row).containsEntry("tweeted_papers", 0L));
    }

    @Test
    void staysExactWhileListingsAndSnapshotsOfTheSamePapersArriveAtOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            tweets.upsert(List.of(new LinkedPost(XPosts.post(1000 + i, i, "u", "U", "text", "en",
                    Instant.parse("2021-05-10T00:00:00Z")), Set.of(paper(i)))));
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<?> listings = writers.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    new ListingStore(postgres.jdbi(), clock).record(List.of(
                            new Listing(LocalDate.parse("2021-05-14"), "cs.LG", paper(i), AnnounceType.NEW),
                            new Listing(LocalDate.parse("2021-05-14"), "stat.ML", paper(39 - i), AnnounceType.CROSS)));
                }
            });
            Future<?> counts = writers.submit(() -> {
                for (int round = 1; round <= 20; round++) {
                    List<PostSnapshot> batch = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        batch.add(XPosts.snapshot(1000 + i, Instant.parse("2021-05-14T10:00:00Z").plusSeconds(round),
                                round, round * 2, 0, 0, null, null));
                    }
                    snapshots.append(batch);
                }
            });
            listings.get();
            counts.get();
        } finally {
            writers.shutdownNow();
        }

        assertThat(rows(FROM_VIEW)).hasSize(2).isEqualTo(rows(FROM_SCRATCH));
        assertThat(rows(FROM_VIEW).get(0)).containsEntry("retweets", new BigDecimal(800))
                .containsEntry("likes", new BigDecimal(1600));
    }

    private static String paper(int number) {
        return String.format("2105.%05d", number);
    }

    private void listed(String arxivId, Random random) {
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(LocalDate.parse("2021-05-1" + random.nextInt(3)),
                CATEGORIES.get(random.nextInt(CATEGORIES.size())), arxivId,
                random.nextBoolean() ? AnnounceType.NEW : AnnounceType.REPLACE)));
    }

    private void snapshotIfKnown(long tweetId, int step, Random random) {
        if (tweets.find("x", XPosts.id(tweetId)).isPresent()) {
            snapshots.append(List.of(XPosts.snapshot(tweetId, Instant.parse("2021-05-14T00:00:00Z").plusSeconds(
                    step * 60L - random.nextInt(600)), random.nextInt(50), random.nextInt(90), 0, 0, null, null)));
        }
    }

    private static List<Map<String, Object>> rows(String sql) {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(sql).mapToMap().list());
    }
}
