package io.hotpapers.core.post;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** Larger than 2^53: a double would round it. */
    static final long TWEET_ID = 1392047329712558080L;

    private final MutableClock clock = MutableClock.at("2021-05-12T08:00:00Z");
    private PostStore store;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        store = new PostStore(postgres.jdbi(), clock);
    }

    static Post tweet(String text) {
        return XPosts.post(TWEET_ID, 1019232400443351040L, "gkutyniok", "Gitta Kutyniok", text, "en",
                Instant.parse("2021-05-11T06:10:02Z"));
    }

    @Test
    void storedTweetReadsBackWithItsPapers() {
        Post tweet = tweet("Our review https://arxiv.org/abs/2105.04026 <script>");

        store.upsert(List.of(new LinkedPost(tweet, Set.of("2105.04026", "hep-th/9901001"))));

        PostStore.StoredPost stored = store.find("x", XPosts.id(TWEET_ID)).orElseThrow();
        assertThat(stored.post()).isEqualTo(tweet);
        assertThat(stored.firstSeenAt()).isEqualTo(clock.instant());
        assertThat(stored.goneAt()).isNull();
        assertThat(store.linkedPapers("x", XPosts.id(TWEET_ID))).containsExactly("2105.04026", "hep-th/9901001");
    }

    @Test
    void aTweetFoundTwiceIsStoredOnceAndKeepsItsFirstSighting() {
        Instant firstSeen = clock.instant();
        store.upsert(List.of(new LinkedPost(tweet("text"), Set.of("2105.04026"))));

        clock.advance(Duration.ofHours(3));
        int changed = store.upsert(List.of(new LinkedPost(tweet("text"), Set.of("2105.04026", "2105.04027"))));

        assertThat(changed).isZero();
        assertThat(store.find("x", XPosts.id(TWEET_ID)).orElseThrow().firstSeenAt()).isEqualTo(firstSeen);
        assertThat(store.linkedPapers("x", XPosts.id(TWEET_ID))).containsExactly("2105.04026", "2105.04027");
        int rows = postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM posts")
                .mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void theFirstGoneReportWins() {
        store.upsert(List.of(new LinkedPost(tweet("text"), Set.of("2105.04026"))));
        Instant first = Instant.parse("2021-05-13T00:00:00Z");

        assertThat(store.markGone("x", XPosts.id(TWEET_ID), first)).isTrue();
        assertThat(store.markGone("x", XPosts.id(TWEET_ID), first.plusSeconds(3600))).isFalse();

        assertThat(store.find("x", XPosts.id(TWEET_ID)).orElseThrow().goneAt()).isEqualTo(first);
    }
}
