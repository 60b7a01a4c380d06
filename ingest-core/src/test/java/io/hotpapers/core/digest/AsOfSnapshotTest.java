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
import io.hotpapers.core.testing.XPosts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The digest at a past cutoff counts each post at its latest snapshot at or before the cutoff, whichever month
 * partition holds it: one exactly at the cutoff (the first instant of a month, its last microsecond, an hour), one a
 * microsecond before a month begins, one months older; a post gone before the cutoff, a snapshot a microsecond after
 * it and a bot's post (unless bots count) do not count.
 */
class AsOfSnapshotTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2021-07-15");
    private static final Instant NOW = Instant.parse("2021-08-03T12:00:00Z");
    private static final Instant AUGUST = Instant.parse("2021-08-01T00:00:00Z");
    private static final Instant LAST_OF_JULY = Instant.parse("2021-07-31T23:59:59.999999Z");
    private static final Instant HOUR = Instant.parse("2021-07-20T14:00:00Z");
    private static final Instant LATER = Instant.parse("2021-08-02T06:00:00Z");
    private static final String BOT_URI = "at://did:plc:feedbot/app.bsky.feed.post/3b";

    private final MutableClock clock = new MutableClock(NOW);
    private PaperStore papers;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        papers = new PaperStore(postgres.jdbi(), clock);
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        List<Paper> stored = new ArrayList<>();
        List<Listing> listed = new ArrayList<>();
        for (int paper = 1; paper <= 6; paper++) {
            stored.add(new Paper(paperId(paper), 1, "Paper " + paper, "Abstract", List.of("A. Author"), "cs.LG",
                    List.of("cs.LG"), Instant.parse("2021-07-14T19:47:43Z"), Instant.parse("2021-07-14T19:47:43Z"),
                    null, null, null));
            listed.add(new Listing(DAY, "cs.LG", paperId(paper), AnnounceType.NEW));
        }
        papers.upsert(stored);
        new ListingStore(postgres.jdbi(), clock).record(listed);
        for (long post = 1; post <= 6; post++) {
            posts.upsert(List.of(new LinkedPost(XPosts.post(post, post, "u" + post, "U", "text", "en",
                    Instant.parse("2021-05-15T00:00:00Z")), Set.of(paperId(post == 6 ? 5 : post)))));
        }
        posts.upsert(List.of(new LinkedPost(new Post("bluesky", BOT_URI, "did:plc:feedbot", null, null, "text", "en",
                Instant.parse("2021-07-15T06:00:00Z"), true, null), Set.of(paperId(6)))));
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        snapshots.append(List.of(
                x(1, HOUR, 5, 55),
                x(1, AUGUST, 10, 90),
                x(2, LAST_OF_JULY, 20, 80),
                x(3, Instant.parse("2021-05-20T10:00:00Z"), 30, 70),
                x(4, AUGUST.plusNanos(1000), 500, 500),
                x(5, Instant.parse("2021-07-30T10:00:00Z"), 40, 60),
                x(6, Instant.parse("2021-07-30T10:00:00Z"), 45, 55),
                new PostSnapshot("bluesky", BOT_URI, Instant.parse("2021-07-31T20:00:00Z"), 50, 50, 0, 0, null,
                        null)));
        // every post captured again after the cutoffs, so that none of them is counted from the rollup
        List<PostSnapshot> later = new ArrayList<>();
        for (long post = 1; post <= 6; post++) {
            later.add(x(post, LATER, 1000, 1000));
        }
        later.add(new PostSnapshot("bluesky", BOT_URI, LATER, 1000, 1000, 0, 0, null, null));
        snapshots.append(later);
        posts.markGone("x", XPosts.id(5), Instant.parse("2021-07-31T12:00:00Z"));
        posts.markGone("x", XPosts.id(6), Instant.parse("2021-08-01T12:00:00Z"));
    }

    private static String paperId(long paper) {
        return "2107.0000" + paper;
    }

    private static PostSnapshot x(long post, Instant at, long reposts, long likes) {
        return XPosts.snapshot(post, at, reposts, likes, 0, 0, null, null);
    }

    private Map<String, DigestEntry> rank(Instant cutoff, boolean countBots) {
        return new DigestQuery(postgres.jdbi(), papers, ScoreWeights.DEFAULT, countBots)
                .rank(DAY, cutoff, DigestParameters.defaults(List.of("cs.LG"))).stream()
                .collect(Collectors.toMap(entry -> entry.paper().arxivId(), Function.identity()));
    }

    @Test
    void atTheFirstInstantOfAMonthEachPostCountsWithItsLatestSnapshotInWhicheverMonth() {
        Map<String, DigestEntry> digest = rank(AUGUST, false);

        assertThat(digest).containsOnlyKeys(paperId(1), paperId(2), paperId(3), paperId(5));
        assertThat(digest.get(paperId(1))).as("a snapshot exactly at the cutoff")
                .returns(100L, DigestEntry::score).returns(AUGUST, DigestEntry::snapshotAt);
        assertThat(digest.get(paperId(2))).as("a microsecond before the month")
                .returns(100L, DigestEntry::score).returns(LAST_OF_JULY, DigestEntry::snapshotAt);
        assertThat(digest.get(paperId(3))).as("months before")
                .returns(100L, DigestEntry::score).returns(Instant.parse("2021-05-20T10:00:00Z"),
                        DigestEntry::snapshotAt);
        assertThat(digest.get(paperId(5))).as("only the post gone after the cutoff")
                .returns(100L, DigestEntry::score).returns(1, DigestEntry::postCount).returns(45L, DigestEntry::reposts);
    }

    @Test
    void aBotsPostCountsOnlyWhenBotsAreCounted() {
        assertThat(rank(AUGUST, true).get(paperId(6))).returns(100L, DigestEntry::score)
                .returns(Instant.parse("2021-07-31T20:00:00Z"), DigestEntry::snapshotAt);
    }

    @Test
    void atTheLastMicrosecondOfAMonthASnapshotAtThatMicrosecondCounts() {
        Map<String, DigestEntry> digest = rank(LAST_OF_JULY, false);

        assertThat(digest).containsOnlyKeys(paperId(1), paperId(2), paperId(3), paperId(5));
        assertThat(digest.get(paperId(1))).as("its July snapshot, not the August one")
                .returns(60L, DigestEntry::score).returns(HOUR, DigestEntry::snapshotAt);
        assertThat(digest.get(paperId(2))).returns(100L, DigestEntry::score)
                .returns(LAST_OF_JULY, DigestEntry::snapshotAt);
        assertThat(digest.get(paperId(5))).returns(1, DigestEntry::postCount).returns(45L, DigestEntry::reposts);
    }

    @Test
    void onAnHourASnapshotAtThatHourCounts() {
        Map<String, DigestEntry> digest = rank(HOUR, false);

        assertThat(digest).containsOnlyKeys(paperId(1), paperId(3));
        assertThat(digest.get(paperId(1))).returns(60L, DigestEntry::score).returns(HOUR, DigestEntry::snapshotAt);
    }
}
