package io.hotpapers.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.XPosts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** X at pay-per-use prices against a replayed X and the real database: what is billed, and what is read. */
class XBillingTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String LINK = "https://arxiv.org/abs/2105.04026";
    /** A Tuesday mailing; its digest is made on Wednesday 2021-05-12 at 09:00 UTC. */
    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    private static final LocalDate OLDER_MAILING = LocalDate.parse("2021-05-07");

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = MutableClock.at("2021-05-11T10:00:00Z");
    private final List<List<String>> lookups = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily"));
        // every lookup answers with the posts it asks for, their counts growing with the hours
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                List<String> ids = Arrays.asList(request.getUrl().queryParameter("ids").split(","));
                synchronized (lookups) {
                    lookups.add(ids);
                }
                int hours = (int) Duration.between(Instant.parse("2021-05-11T00:00:00Z"), clock.instant()).toHours();
                List<String> tweets = ids.stream().map(id -> XBodies.tweet(Long.parseLong(id), 11,
                        "2021-05-11T06:10:02.000Z", hours, 10 * hours, false, LINK)).toList();
                return new MockResponse.Builder().code(200).body(XBodies.page(tweets, null, null)).build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UsageStore.Spend spendOn(TestX x) {
        return x.budget.spend();
    }

    @Test
    void twoReadsOfOnePostInAUtcDayAreBilledOnceAndAcrossTheDayBoundaryTwice() {
        TestX x = TestX.priced(server, postgres.jdbi(), clock, new BigDecimal("5.00"));

        x.source.refresh(List.of("7"));
        clock.set(Instant.parse("2021-05-11T23:59:00Z"));
        x.source.refresh(List.of("7"));

        assertThat(spendOn(x).month()).isEqualByComparingTo("0.005");
        assertThat(x.budget.usedThisMonth()).isEqualTo(1);

        clock.set(Instant.parse("2021-05-12T00:01:00Z"));
        x.source.refresh(List.of("7"));

        assertThat(spendOn(x).today()).as("a new UTC day bills the post again").isEqualByComparingTo("0.005");
        assertThat(spendOn(x).month()).isEqualByComparingTo("0.010");
        assertThat(x.budget.usedThisMonth()).isEqualTo(2);
        assertThat(lookups).hasSize(3);
    }

    @Test
    void aReservationTakesThePagesWorstCaseAndNeverPassesTheBudget() {
        // 0.02 buys four posts: a lookup of ten is cut to the four the budget can pay for in the worst case
        TestX x = TestX.priced(server, postgres.jdbi(), clock, new BigDecimal("0.02"));
        List<String> ten = new ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            ten.add(Integer.toString(id));
        }

        SocialSource.Refresh read = x.source.refresh(ten);

        assertThat(lookups).singleElement().satisfies(ids -> assertThat(ids).hasSize(4));
        assertThat(read.budgetExhausted()).isTrue();
        assertThat(spendOn(x).month()).isEqualByComparingTo("0.02");
        // even posts billed today cannot be re-read on a spent budget: an answer's worst case is a paid one
        assertThat(x.source.refresh(ten).requests()).isZero();
    }

    @Test
    void onTheDigestsDayAPaperThatCannotReachTheThresholdIsNotReadUnlessAnotherSourceLiftsIt() {
        // three papers of the digest's date: one listed already (2 posts, 70), one whose single post stopped at 2,
        // and one alike on X but with 60 points on Hacker News: together above the digest's 50
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", "2105.04027", AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", "2105.04028", AnnounceType.NEW)));
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        Post story = new Post("hackernews", "h1", "u1", "grace", "grace", "arxiv.org/abs/2105.04028", "en",
                Instant.parse("2021-05-11T06:00:00Z"));
        posts.upsert(List.of(new LinkedPost(post(1), Set.of("2105.04026")), new LinkedPost(post(2), Set.of("2105.04026")),
                new LinkedPost(post(11), Set.of("2105.04027")), new LinkedPost(post(21), Set.of("2105.04028")),
                new LinkedPost(story, Set.of("2105.04028"))));
        List<io.hotpapers.core.post.PostSnapshot> reads = new ArrayList<>();
        for (String at : List.of("2021-05-11T22:00:00Z", "2021-05-11T23:00:00Z")) {
            Instant when = Instant.parse(at);
            reads.add(XPosts.snapshot(1, when, 5, 30, 0, 0, null, null));
            reads.add(XPosts.snapshot(2, when, 5, 30, 0, 0, null, null));
            reads.add(XPosts.snapshot(11, when, 0, 2, 0, 0, null, null));
            reads.add(XPosts.snapshot(21, when, 0, 2, 0, 0, null, null));
        }
        reads.add(new io.hotpapers.core.post.PostSnapshot("hackernews", "h1", Instant.parse("2021-05-11T23:00:00Z"),
                0, 60, 0, 0, null, null));
        snapshots.append(reads);
        // 0.40 of 0.50 spent by the 11th: the month's pace needs the rest, so no history snapshots are bought, but
        // the digest's posts are
        TestX x = TestX.priced(server, postgres.jdbi(), clock, new BigDecimal("0.50"));
        x.budget.reserve(80, 80).settle(new UsageStore.Bill(
                java.util.stream.IntStream.range(0, 80).mapToObj(i -> "earlier" + i).toList(), 0, 0));
        clock.set(Instant.parse("2021-05-12T00:30:00Z"));
        RefreshService refresh = new RefreshService(x.source, posts, snapshots,
                new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper()), RefreshPolicy.standard(), clock,
                new io.hotpapers.core.run.StopSignal(), new BilledDayPlanner(x.budget, RefreshPolicy.standard(),
                        LocalTime.of(9, 0), 50, BigDecimal.ONE, BilledDayPlanner.OtherSources.of(snapshots,
                        io.hotpapers.core.post.ScoreWeights.DEFAULT, "x"),
                        notAfter -> snapshots.readingsAtOrBefore("x", notAfter)));

        refresh.refresh();

        assertThat(lookups).singleElement().satisfies(ids -> assertThat(ids)
                .as("the listed paper's posts and the one Hacker News lifts; not the paper stuck at 2")
                .containsExactlyInAnyOrder("1", "2", "21"));
        assertThat(spendOn(x).today()).isEqualByComparingTo("0.015");
    }

    /** Posts 1..n link a paper of the digest date, posts 101..100+m a paper of an older date; all read once. */
    private RefreshService plannedRefresh(TestX x, int deciding, int older) {
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(OLDER_MAILING, "cs.LG", "2105.00001", AnnounceType.NEW)));
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        List<LinkedPost> linked = new ArrayList<>();
        for (long id = 1; id <= deciding; id++) {
            linked.add(new LinkedPost(post(id), Set.of("2105.04026")));
        }
        for (long id = 101; id <= 100 + older; id++) {
            linked.add(new LinkedPost(post(id), Set.of("2105.00001")));
        }
        posts.upsert(linked);
        Instant firstRead = Instant.parse("2021-05-11T06:30:00Z");
        snapshots.append(linked.stream().map(link -> XPosts.snapshot(Long.parseLong(link.post().postId()), firstRead,
                1, 10 + Long.parseLong(link.post().postId()) % 7, 0, 0, null, null)).toList());
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        return new RefreshService(x.source, posts, snapshots, runs, RefreshPolicy.standard(), clock,
                new io.hotpapers.core.run.StopSignal(),
                new BilledDayPlanner(x.budget, RefreshPolicy.standard(), LocalTime.of(9, 0), 50, BigDecimal.ONE,
                        BilledDayPlanner.OtherSources.NONE, notAfter -> snapshots.readingsAtOrBefore("x", notAfter)));
    }

    private static Post post(long id) {
        return new Post("x", Long.toString(id), "11", "ada", "Ada", "see " + LINK, "en",
                Instant.parse("2021-05-11T06:10:02Z"));
    }

    @Test
    void onTheDigestsDayItsPostsAreReadFirstAndThenOnlyForFree() {
        // 0.15 of 0.20 spent by the 11th: the month's pace needs what is left, yet the digest's posts take it
        // (one is billed today already, two are paid), and nothing goes to the older paper's posts
        TestX x = TestX.priced(server, postgres.jdbi(), clock, new BigDecimal("0.20"));
        x.budget.reserve(30, 30).settle(new UsageStore.Bill(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> "earlier" + i).toList(), 0, 0));
        clock.set(Instant.parse("2021-05-12T00:30:00Z"));
        RefreshService refresh = plannedRefresh(x, 3, 3);
        x.budget.reserve(1, 1).settle(new UsageStore.Bill(List.of("1"), 0, 0)); // post 1 billed today already

        refresh.refresh();

        assertThat(lookups).singleElement().satisfies(ids -> assertThat(ids).as("the digest's posts, no older post")
                .containsExactlyInAnyOrder("1", "2", "3"));
        clock.advance(Duration.ofHours(1));
        lookups.clear();
        refresh.refresh();
        assertThat(lookups).singleElement().satisfies(ids -> assertThat(ids).as("re-read for free before the digest")
                .containsExactlyInAnyOrder("1", "2", "3"));
        assertThat(spendOn(x).today()).isEqualByComparingTo("0.015");
    }

    @Test
    void overAWholeMonthOfHourlyRoundsThePlannerNeverExceedsTheBudget() {
        // 3.00 over the 21 days left of May pays about 28 reads a day: fewer than the 40 posts tracked
        TestX x = TestX.priced(server, postgres.jdbi(), clock, new BigDecimal("3.00"));
        clock.set(Instant.parse("2021-05-11T07:00:00Z"));
        RefreshService refresh = plannedRefresh(x, 20, 20);
        BigDecimal previous = BigDecimal.ZERO;
        int rounds = 0;

        while (clock.instant().isBefore(Instant.parse("2021-06-01T00:00:00Z"))) {
            refresh.refresh();
            rounds++;
            BigDecimal spent = spendOn(x).month();
            assertThat(spent).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(new BigDecimal("3.00"));
            previous = spent;
            clock.advance(Duration.ofHours(1));
        }

        assertThat(rounds).isGreaterThan(400);
        assertThat(previous).as("the month's budget is used, not hoarded").isGreaterThan(new BigDecimal("2.50"));
        List<String> digestDay = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT post_id FROM social_billed_posts WHERE day = '2021-05-12' ORDER BY post_id::bigint")
                .mapTo(String.class).list());
        assertThat(digestDay).as("every post of the digest's papers read on the digest's day, first")
                .containsAll(java.util.stream.LongStream.rangeClosed(1, 20).mapToObj(Long::toString).toList());
    }
}
