package io.hotpapers.core.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.XPosts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The digest at a past cutoff and the 24-hour gain of {@code trends top} look a post's snapshot up in the last
 * days before the instant first; a post whose latest snapshot at the instant is older (months older, in another
 * partition) is still counted with it, and a post without one at all is not.
 */
class OldSnapshotLookupTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2021-07-20T12:00:00Z");

    @Test
    void aPostLastCapturedMonthsBeforeTheInstantCountsWithThatSnapshot() {
        postgres.truncateAll();
        MutableClock clock = new MutableClock(NOW);
        new PaperStore(postgres.jdbi(), clock).upsert(List.of(new Paper("2105.00001", 1, "Old", "Abstract",
                List.of("A. Author"), "cs.LG", List.of("cs.LG"), Instant.parse("2021-05-09T19:47:43Z"),
                Instant.parse("2021-05-09T19:47:43Z"), null, null, null)));
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(LocalDate.parse("2021-07-15"), "cs.LG", "2105.00001", AnnounceType.NEW)));
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        for (long id = 1; id <= 3; id++) {
            posts.upsert(List.of(new LinkedPost(XPosts.post(id, id, "u" + id, "U", "text", "en",
                    Instant.parse("2021-05-10T00:00:00Z")), Set.of("2105.00001"))));
        }
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        // post 1: captured in May and again now; post 2: two days before the instant and now; post 3: only now
        snapshots.append(List.of(
                XPosts.snapshot(1, Instant.parse("2021-05-11T10:00:00Z"), 40, 60, 0, 0, null, null),
                XPosts.snapshot(2, Instant.parse("2021-07-17T13:00:00Z"), 1, 2, 0, 0, null, null)));
        snapshots.append(List.of(
                XPosts.snapshot(1, Instant.parse("2021-07-20T11:00:00Z"), 400, 600, 0, 0, null, null),
                XPosts.snapshot(2, Instant.parse("2021-07-20T11:00:00Z"), 10, 20, 0, 0, null, null),
                XPosts.snapshot(3, Instant.parse("2021-07-20T11:00:00Z"), 7, 7, 0, 0, null, null)));
        Instant dayAgo = NOW.minusSeconds(24 * 3600);

        List<DigestEntry> digest = new DigestQuery(postgres.jdbi(), new PaperStore(postgres.jdbi(), clock))
                .rank(LocalDate.parse("2021-07-15"), dayAgo, DigestParameters.defaults(List.of("cs.LG")));
        List<TrendsQuery.TopPaper> top = new TrendsQuery(postgres.jdbi())
                .top(7, null, TrendsQuery.By.VELOCITY, 5, NOW);

        assertThat(digest).singleElement().satisfies(entry -> {
            assertThat(entry.score()).isEqualTo(100 + 3);
            assertThat(entry.postCount()).isEqualTo(2);
        });
        assertThat(top).singleElement().satisfies(paper -> {
            assertThat(paper.score()).isEqualTo(1000 + 30 + 14);
            assertThat(paper.gain24h()).isEqualTo(1044 - 103);
        });
    }
}
