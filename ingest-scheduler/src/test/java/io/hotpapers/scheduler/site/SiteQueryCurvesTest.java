package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The site's paper curves, read from the hourly rollup, for a history written through the real stores (so the
 * triggers fill paper_source_hourly): a bot's post, gone posts (one captured after it went, one leaving its source
 * without a live post), an hour with a capture but no change, two captures in one hour, two sources, a post linking
 * two papers, a paper with no posts and one with only a bot's. The reference is computed here from the snapshots
 * written, by the curve's definition.
 */
class SiteQueryCurvesTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String A = "2105.00001";
    private static final String NO_POSTS = "2105.00002";
    private static final String BOTS_ONLY = "2105.00003";
    private static final String D = "2105.00004";
    private static final Instant START = Instant.parse("2021-05-14T09:00:00Z");

    private final List<PostSnapshot> written = new ArrayList<>();
    private final Map<String, Instant> goneAt = new HashMap<>();
    private final Map<String, Set<String>> papersOf = new HashMap<>();
    private final Set<String> bots = new TreeSet<>();
    private PostStore posts;
    private SnapshotStore snapshots;

    @BeforeEach
    void history() {
        postgres.truncateAll();
        posts = new PostStore(postgres.jdbi(), MutableClock.at("2021-05-14T09:00:00Z"));
        snapshots = new SnapshotStore(postgres.jdbi());
        post("x", "1", false, A);
        post("x", "2", false, A);
        post("x", "3", true, A);
        post("bluesky", "4", false, A);
        post("x", "6", false, A, D);
        post("x", "7", true, BOTS_ONLY);

        append(snapshot("x", "1", "10:05", 1, 10), snapshot("x", "2", "10:06", 2, 20),
                snapshot("x", "3", "10:07", 4, 40), snapshot("x", "7", "10:08", 5, 5));
        append(snapshot("x", "1", "11:05", 3, 30), snapshot("x", "2", "11:06", 5, 50),
                snapshot("bluesky", "4", "11:20", 1, 1));
        append(snapshot("bluesky", "4", "11:50", 2, 2)); // a second capture in that hour: the later one counts
        gone("x", "2", "11:30");
        append(snapshot("x", "1", "12:05", 7, 70), snapshot("x", "2", "12:06", 9, 90), // captured after it went
                snapshot("x", "6", "12:30", 0, 5));
        gone("bluesky", "4", "12:30");
        append(snapshot("x", "1", "13:10", 7, 70), // a capture without a change
                snapshot("bluesky", "4", "13:40", 2, 2)); // the source's only post, gone: no live post
        append(snapshot("x", "3", "14:07", 6, 60), snapshot("x", "7", "14:08", 9, 9)); // bots' captures alone
        append(snapshot("x", "6", "15:00", 1, 9));
    }

    @Test
    void theCurvesAreTheSnapshotsTotalsAtTheEndOfEachHourWithACapture() {
        Map<String, Map<String, List<SiteQuery.CurvePoint>>> curves = new SiteQuery(postgres.jdbi(), null, null, null)
                .curves(List.of(A, NO_POSTS, BOTS_ONLY, D, A));

        assertThat(curves.get(A).get("x")).containsExactly(point("10:00", 33, 2), // the bot's post left out
                point("11:00", 33, 1), // post 2 gone before the hour ended
                point("12:00", 82, 2), // post 6's first; post 2's capture after it went counts nothing
                point("13:00", 82, 2), // no change: still a point
                point("15:00", 87, 2)); // 14:00 had bots' captures only
        assertThat(curves.get(A).get("bluesky")).containsExactly(point("11:00", 4, 1));
        assertThat(curves.get(D)).containsOnlyKeys("x");
        assertThat(curves).containsOnlyKeys(A, D).isEqualTo(literal(List.of(A, NO_POSTS, BOTS_ONLY, D)));
        assertThat(curves.get(A)).as("sources in id order").isInstanceOf(TreeMap.class);
    }

    /**
     * Per paper and source, at the end of each hour in which one of its non-bot posts was captured: over the
     * non-bot posts not gone before that end, the reposts + likes of each one's latest snapshot so far; an hour
     * with no such post has no point, a paper without points is absent.
     */
    private Map<String, Map<String, List<SiteQuery.CurvePoint>>> literal(List<String> papers) {
        Map<String, Map<String, List<SiteQuery.CurvePoint>>> curves = new HashMap<>();
        for (String paper : papers) {
            for (String source : List.of("bluesky", "x")) {
                TreeSet<Instant> hours = new TreeSet<>();
                written.stream().filter(s -> counted(s, paper, source))
                        .forEach(s -> hours.add(s.capturedAt().truncatedTo(ChronoUnit.HOURS)));
                for (Instant hour : hours) {
                    Instant end = hour.plus(Duration.ofHours(1));
                    Map<String, PostSnapshot> latest = new HashMap<>();
                    written.stream().filter(s -> counted(s, paper, source) && s.capturedAt().isBefore(end))
                            .filter(s -> !goneAt.containsKey(s.postId()) || !goneAt.get(s.postId()).isBefore(end))
                            .forEach(s -> latest.merge(s.postId(), s,
                                    (a, b) -> a.capturedAt().isAfter(b.capturedAt()) ? a : b));
                    if (!latest.isEmpty()) {
                        curves.computeIfAbsent(paper, id -> new TreeMap<>())
                                .computeIfAbsent(source, id -> new ArrayList<>())
                                .add(new SiteQuery.CurvePoint(hour, latest.values().stream()
                                        .mapToLong(s -> s.reposts() + s.likes()).sum(), latest.size()));
                    }
                }
            }
        }
        return curves;
    }

    private boolean counted(PostSnapshot snapshot, String paper, String source) {
        return snapshot.source().equals(source) && !bots.contains(snapshot.postId())
                && papersOf.get(snapshot.postId()).contains(paper);
    }

    private void post(String source, String id, boolean automated, String... papers) {
        posts.upsert(List.of(new LinkedPost(new Post(source, id, "a" + id, "h", "n", "text", "en", START, automated,
                null), Set.of(papers))));
        papersOf.put(id, Set.of(papers));
        if (automated) {
            bots.add(id);
        }
    }

    private void append(PostSnapshot... batch) {
        snapshots.append(List.of(batch));
        written.addAll(List.of(batch));
    }

    private void gone(String source, String id, String time) {
        Instant at = Instant.parse("2021-05-14T" + time + ":00Z");
        posts.markGone(source, id, at);
        goneAt.put(id, at);
    }

    private static PostSnapshot snapshot(String source, String id, String time, long reposts, long likes) {
        return new PostSnapshot(source, id, Instant.parse("2021-05-14T" + time + ":00Z"), reposts, likes, 0, 0,
                null, null);
    }

    private static SiteQuery.CurvePoint point(String hour, long engagement, long posts) {
        return new SiteQuery.CurvePoint(Instant.parse("2021-05-14T" + hour + ":00Z"), engagement, posts);
    }
}
