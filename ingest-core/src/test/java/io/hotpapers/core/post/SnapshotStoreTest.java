package io.hotpapers.core.post;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SnapshotStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final long TWEET_ID = PostStoreTest.TWEET_ID;

    private SnapshotStore snapshots;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        new PostStore(postgres.jdbi(), MutableClock.at("2021-05-12T08:00:00Z"))
                .upsert(List.of(new LinkedPost(PostStoreTest.tweet("text"), Set.of("2105.04026"))));
        snapshots = new SnapshotStore(postgres.jdbi());
    }

    private static PostSnapshot snapshot(String capturedAt, int retweets, int likes) {
        return XPosts.snapshot(TWEET_ID, Instant.parse(capturedAt), retweets, likes, 3, 4, null, null);
    }

    @Test
    void snapshotsAccumulateAsHistory() {
        PostSnapshot first = snapshot("2021-05-12T09:00:00Z", 10, 100);
        PostSnapshot second = XPosts.snapshot(TWEET_ID, Instant.parse("2021-05-12T10:00:00.123456Z"),
                20, 200, 5, 6, 7L, 123456789012L);

        assertThat(snapshots.append(List.of(first, second))).isEqualTo(2);

        assertThat(snapshots.history("x", XPosts.id(TWEET_ID))).containsExactly(first, second);
    }

    @Test
    void resendingASnapshotChangesNothing() {
        PostSnapshot first = snapshot("2021-05-12T09:00:00Z", 10, 100);
        snapshots.append(List.of(first));

        int added = snapshots.append(List.of(snapshot("2021-05-12T09:00:00Z", 99, 999)));

        assertThat(added).isZero();
        assertThat(snapshots.history("x", XPosts.id(TWEET_ID))).containsExactly(first);
    }

    @Test
    void snapshotsAcrossAMonthBoundaryLandInTheirMonthsPartitions() {
        PostSnapshot october = snapshot("2026-10-31T23:59:59.999999Z", 1, 1);
        PostSnapshot november = snapshot("2026-11-01T00:00:00Z", 2, 2);

        snapshots.append(List.of(october, november));

        assertThat(snapshots.partitionOf("x", XPosts.id(TWEET_ID), october.capturedAt())).contains("post_snapshots_2026_10");
        assertThat(snapshots.partitionOf("x", XPosts.id(TWEET_ID), november.capturedAt())).contains("post_snapshots_2026_11");
        assertThat(snapshots.history("x", XPosts.id(TWEET_ID))).containsExactly(october, november);
    }

    @Test
    void partitionsFollowUtcMonthsWhateverTheSessionTimeZone() {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("SET TIME ZONE 'America/New_York'");
            assertThat(handle.createQuery("SELECT ensure_post_snapshot_partition('2027-03-01T02:00:00Z')")
                    .mapTo(String.class).one()).isEqualTo("post_snapshots_2027_03");
            String bounds = handle.createQuery("""
                    SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'post_snapshots_2027_03'
                    """).mapTo(String.class).one();
            handle.execute("RESET TIME ZONE");
            assertThat(bounds).isEqualTo(
                    "FOR VALUES FROM ('2027-02-28 19:00:00-05') TO ('2027-03-31 20:00:00-04')");
        });
    }

    @Test
    void latestSnapshotRespectsTheCutoff() {
        snapshots.append(List.of(snapshot("2021-05-12T09:00:00Z", 10, 100), snapshot("2021-05-13T09:00:00Z", 20, 200)));

        assertThat(snapshots.latest("x", XPosts.id(TWEET_ID), Instant.parse("2021-05-12T23:00:00Z")))
                .map(PostSnapshot::reposts).contains(10L);
        assertThat(snapshots.latest("x", XPosts.id(TWEET_ID), Instant.parse("2021-05-12T08:59:59Z"))).isEmpty();
    }

    @Test
    void dueRefreshesMoveByTheirLastTwoSnapshotsWhateverTheOrderOfTheBatches() {
        new ListingStore(postgres.jdbi(), MutableClock.at("2021-05-12T08:00:00Z"))
                .record(List.of(new Listing(LocalDate.parse("2021-05-12"), "cs.LG", "2105.04026", AnnounceType.NEW)));
        // a day-old paper's posts are due every six hours
        Instant now = Instant.parse("2021-05-13T20:00:00Z");
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).singleElement()
                .satisfies(candidate -> {
                    assertThat(candidate.lastCapturedAt()).as("no snapshot yet").isNull();
                    assertThat(candidate.paperAnnouncedAt()).isEqualTo(Instant.parse("2021-05-12T04:00:00Z"));
                });

        snapshots.append(List.of(snapshot("2021-05-12T09:00:00Z", 10, 100), snapshot("2021-05-12T12:00:00Z", 30, 150),
                snapshot("2021-05-12T10:00:00Z", 20, 110)));
        assertThat(movement(now)).as("the batch's newest two: 180 - 130").isEqualTo(50);

        snapshots.append(List.of(snapshot("2021-05-12T13:00:00Z", 31, 160)));
        assertThat(movement(now)).as("the new one against the old latest: 191 - 180").isEqualTo(11);

        snapshots.append(List.of(snapshot("2021-05-12T12:30:00Z", 30, 155), snapshot("2021-05-12T11:00:00Z", 0, 0)));
        assertThat(movement(now)).as("a late batch slots in before the latest: 191 - 185").isEqualTo(6);
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now).get(0).lastCapturedAt())
                .isEqualTo(Instant.parse("2021-05-12T13:00:00Z"));

        snapshots.append(List.of(snapshot("2021-05-11T00:00:00Z", 0, 0)));
        assertThat(movement(now)).as("older than both: nothing changes").isEqualTo(6);

        snapshots.append(List.of(snapshot("2021-05-13T15:00:00Z", 40, 170)));
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).as("captured 5 hours ago").isEmpty();
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now.plusSeconds(3600)))
                .as("6 hours after").hasSize(1);
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), Instant.parse("2021-06-12T04:00:00Z")))
                .as("30 days after the announcement").isEmpty();
        assertThat(snapshots.dueForRefresh("y", RefreshPolicy.standard(), now)).as("another source's posts").isEmpty();
    }

    @Test
    void aPlannersCandidateCarriesItsCountsPapersAndPostTimeAndEarlierReadingsAreFound() {
        new ListingStore(postgres.jdbi(), MutableClock.at("2021-05-12T08:00:00Z"))
                .record(List.of(new Listing(LocalDate.parse("2021-05-12"), "cs.LG", "2105.04026", AnnounceType.NEW)));
        snapshots.append(List.of(snapshot("2021-05-12T09:00:00Z", 10, 100), snapshot("2021-05-12T15:00:00Z", 20, 110),
                snapshot("2021-05-12T16:00:00Z", 21, 112)));

        RefreshCandidate candidate = snapshots.refreshCandidates("x", Instant.parse("2021-05-01T00:00:00Z")).get(0);

        assertThat(candidate.score()).isEqualTo(133);
        assertThat(candidate.movement()).isEqualTo(3);
        assertThat(candidate.previousCapturedAt()).isEqualTo(Instant.parse("2021-05-12T15:00:00Z"));
        assertThat(candidate.postedAt()).isEqualTo(PostStoreTest.tweet("text").createdAt());
        assertThat(candidate.papers()).containsExactly("2105.04026");
        String id = XPosts.id(TWEET_ID);
        assertThat(snapshots.readingsAtOrBefore("x", java.util.Map.of(id, Instant.parse("2021-05-12T10:00:00Z"))))
                .containsEntry(id, new SnapshotStore.Reading(Instant.parse("2021-05-12T09:00:00Z"), 110));
        assertThat(snapshots.readingsAtOrBefore("x", java.util.Map.of(id, Instant.parse("2021-05-12T08:00:00Z"))))
                .as("nothing read that early").isEmpty();
    }

    @Test
    void postsLeaveTheRefreshWhenGoneAndFollowTheirPapersFirstListing() {
        ListingStore listings = new ListingStore(postgres.jdbi(), MutableClock.at("2021-05-12T08:00:00Z"));
        Instant now = Instant.parse("2021-05-13T20:00:00Z");
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).as("no listing: no date").isEmpty();

        listings.record(List.of(new Listing(LocalDate.parse("2021-05-13"), "cs.LG", "2105.04026", AnnounceType.NEW)));
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).singleElement()
                .satisfies(candidate -> assertThat(candidate.paperAnnouncedAt())
                        .isEqualTo(Instant.parse("2021-05-13T04:00:00Z")));
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-12"), "cs.AI", "2105.04026", AnnounceType.NEW)));
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).singleElement()
                .as("an earlier listing recorded later").satisfies(candidate -> assertThat(candidate.paperAnnouncedAt())
                        .isEqualTo(Instant.parse("2021-05-12T04:00:00Z")));

        new PostStore(postgres.jdbi(), MutableClock.at(now.toString())).markGone("x", XPosts.id(TWEET_ID), now);
        assertThat(snapshots.dueForRefresh("x", RefreshPolicy.standard(), now)).isEmpty();
    }

    private long movement(Instant now) {
        return snapshots.dueForRefresh("x", RefreshPolicy.standard(), now).get(0).movement();
    }
}
