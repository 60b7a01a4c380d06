package io.hotpapers.social.hackernews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.http.RetriesExhaustedException;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.DiscoveryCutShortException;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("reliability")
class HackerNewsSourceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2021-05-12T12:00:00Z");
    private static final Instant NOT_BEFORE = Instant.parse("2021-05-09T00:00:00Z");
    private static final String ABS = "https://arxiv.org/abs/2105.04026";

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestHackerNews hn() {
        return new TestHackerNews(server, postgres.jdbi(), clock);
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private static List<PaperTarget> twoPapers() {
        return List.of(new PaperTarget("2105.04026", 1, null), new PaperTarget("2105.00001", 2, null));
    }

    private static long second(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void oneWindowSearchFindsTheStoriesLinkingThePapersAndNeverTheCommentsOrOtherLinks() throws Exception {
        server.enqueue(ok(Fixtures.text("hn-search-by-date-arxiv-window-constructed.json")));

        SocialSource.Discovery found = hn().source.discover(twoPapers(), NOT_BEFORE);

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.encodedPath()).isEqualTo("/api/v1/search_by_date");
        assertThat(url.queryParameter("query")).isEqualTo("arxiv.org");
        assertThat(url.queryParameter("tags")).isEqualTo("story");
        assertThat(url.queryParameter("restrictSearchableAttributes")).isEqualTo("url");
        assertThat(url.queryParameter("numericFilters"))
                .isEqualTo("created_at_i>=" + NOT_BEFORE.getEpochSecond() + ",created_at_i<" + (NOW.getEpochSecond() + 1));
        assertThat(url.queryParameter("hitsPerPage")).isEqualTo("1000");
        assertThat(url.queryParameter("page")).isEqualTo("0");

        // abs, pdf and a versioned link on www. count; the comment, the listing page, the untracked paper and
        // Ask HN (whose text names the paper) do not
        assertThat(found.posts()).extracting(post -> post.post().postId() + " " + post.arxivIds())
                .containsExactlyInAnyOrder("27117401 [2105.04026]", "27118000 [2105.04026]", "27116000 [2105.00001]");
        FoundPost abs = found.posts().stream().filter(post -> post.post().postId().equals("27117401")).findFirst()
                .orElseThrow();
        assertThat(abs.post().authorHandle()).isEqualTo("adalovelace");
        assertThat(abs.post().text()).isEqualTo("The Modern Mathematics of Deep Learning");
        assertThat(abs.post().createdAt()).isEqualTo(Instant.ofEpochSecond(1620745331));
        assertThat(abs.snapshot()).as("points are likes, comments replies")
                .isEqualTo(new PostSnapshot("hackernews", "27117401", NOW, 0, 211, 64, 0, null, null));
        assertThat(found.cursors()).isEqualTo(Map.of("2105.04026", Long.toString(NOW.getEpochSecond()),
                "2105.00001", Long.toString(NOW.getEpochSecond())));
        assertThat(found.requests()).isEqualTo(1);
        assertThat(found.postsRead()).isEqualTo(7);
        assertThat(found.skipped()).isEmpty();
    }

    @Test
    void theNextRoundStartsAnHourBeforeTheOldestCursorAndAnUnreadableCursorCountsAsNeverSearched() throws Exception {
        long searched = NOW.minus(Duration.ofHours(5)).getEpochSecond();
        server.enqueue(ok(HnBodies.page(List.of())));
        server.enqueue(ok(HnBodies.page(List.of())));
        TestHackerNews hn = hn();

        hn.source.discover(List.of(new PaperTarget("2105.04026", 1, Long.toString(searched)),
                new PaperTarget("2105.00001", 1, Long.toString(searched + 600))), NOT_BEFORE);
        hn.source.discover(List.of(new PaperTarget("2105.04026", 1, Long.toString(searched)),
                new PaperTarget("2105.00001", 1, "not-a-second")), NOT_BEFORE);

        assertThat(server.takeRequest().getUrl().queryParameter("numericFilters"))
                .startsWith("created_at_i>=" + (searched - 3600) + ",");
        assertThat(server.takeRequest().getUrl().queryParameter("numericFilters"))
                .startsWith("created_at_i>=" + NOT_BEFORE.getEpochSecond() + ",");
        assertThat(hn.source.cursorOrder().compare("999", "1000")).as("numeric, not text order").isNegative();
        assertThat(hn.source.cursorOrder().compare("junk", "1")).isNegative();
    }

    @Test
    void pagesThroughNbPagesAndPastTheThousandHitCapContinuesBelowTheOldestStoryRead() throws Exception {
        long t = second("2021-05-11T12:00:00Z");
        // the server pages 2 hits at a time and reaches 4 of the window's 5 stories (its "1,000-hit" cap)
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(5, "a", ABS, 50, 5, t),
                HnBodies.story(4, "b", ABS + "v2", 40, 4, t - 100)), 0, 2, 2, 5)));
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(3, "c", "https://arxiv.org/pdf/2105.04026", 30, 3, t - 200),
                HnBodies.story(2, "d", "https://example.org/2105.04026", 20, 2, t - 300)), 1, 2, 2, 5)));
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(2, "d", "https://example.org/2105.04026", 20, 2, t - 300),
                HnBodies.story(1, "e", "https://export.arxiv.org/abs/2105.00001", 10, 1, t - 400)), 0, 1, 2, 2)));
        TestHackerNews hn = hn();

        SocialSource.Discovery found = hn.source.discover(twoPapers(), NOT_BEFORE);

        List<HttpUrl> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            urls.add(server.takeRequest().getUrl());
        }
        assertThat(urls).extracting(url -> url.queryParameter("page")).containsExactly("0", "1", "0");
        assertThat(urls.get(2).queryParameter("numericFilters"))
                .isEqualTo("created_at_i>=" + NOT_BEFORE.getEpochSecond() + ",created_at_i<" + (t - 300 + 1));
        assertThat(found.posts()).extracting(post -> post.post().postId()).containsExactly("5", "4", "3", "1");
        assertThat(found.requests()).isEqualTo(3);
        assertThat(found.cursors()).hasSize(2);
        assertThat(hn.spacing.waits()).as("one second between request starts")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void a429IsWaitedOutAsAskedAndA5xxRetriedWithBackoff() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"message\":\"Too many requests\",\"status\":429}").build());
        server.enqueue(new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build());
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(9, "a", ABS, 3, 1, second("2021-05-11T12:00:00Z"))))));
        TestHackerNews hn = hn();

        SocialSource.Discovery found = hn.source.discover(twoPapers(), NOT_BEFORE);

        assertThat(found.posts()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(hn.backoff.waits()).hasSize(2);
        assertThat(hn.backoff.waits().get(0)).as("Retry-After obeyed").isEqualTo(Duration.ofSeconds(7));
        assertThat(hn.backoff.waits().get(1)).as("the second attempt: 3 s doubled, half of it jittered").isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
    }

    @Test
    void aServerThatKeepsFailingCutsTheRoundShortWithWhatEarlierPagesFoundAndTheCursorsStay() {
        long t = second("2021-05-11T12:00:00Z");
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(9, "a", ABS, 3, 1, t)), 0, 2, 1, 2)));
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(500).body("{\"message\":\"oops\",\"status\":500}").build());
        }

        assertThatThrownBy(() -> hn().source.discover(twoPapers(), NOT_BEFORE))
                .isInstanceOfSatisfying(DiscoveryCutShortException.class, e -> {
                    assertThat(e.partial().posts()).extracting(post -> post.post().postId()).containsExactly("9");
                    assertThat(e.partial().cursors()).isEmpty();
                    assertThat(e.failure()).isInstanceOf(RetriesExhaustedException.class)
                            .hasMessageContaining("Hacker News search answered HTTP 500: oops");
                });
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void aServerThatPagesForeverMeetsTheRequestBoundAndTheCursorsStay() {
        long t = second("2021-05-11T12:00:00Z");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int page = Integer.parseInt(request.getUrl().queryParameter("page"));
                return ok(HnBodies.page(List.of(HnBodies.story(1000 - page, "a", ABS, 1, 1, t - page)), page, 1000,
                        1, 1_000_000));
            }
        });

        SocialSource.Discovery found = new TestHackerNews(server, postgres.jdbi(), clock, 3, new StopSignal()).source
                .discover(twoPapers(), NOT_BEFORE);

        assertThat(found.requests()).isEqualTo(3);
        assertThat(found.posts()).hasSize(3);
        assertThat(found.cursors()).isEmpty();
    }

    @Test
    void aStopEndsTheRoundBeforeItsNextRequest() {
        StopSignal stop = new StopSignal();
        stop.request("test", 0);

        SocialSource.Discovery found = new TestHackerNews(server, postgres.jdbi(), clock, 100, stop).source
                .discover(twoPapers(), NOT_BEFORE);

        assertThat(found.requests()).isZero();
        assertThat(found.budgetExhausted()).isFalse();
        assertThat(found.cursors()).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aFewDueStoriesAreLookedUpByIdInOneRequestAndThoseNotReturnedAreGone() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String tags = request.getUrl().queryParameter("tags");
                List<String> hits = new ArrayList<>();
                for (String tag : tags.substring("story,(".length(), tags.length() - 1).split(",")) {
                    long id = Long.parseLong(tag.substring("story_".length()));
                    if (id != 7) { // deleted, or dead: out of the index
                        hits.add(HnBodies.story(id, "a", ABS, id, id * 2, second("2021-05-11T12:00:00Z")));
                    }
                }
                // a comment on a tracked story carries its story's tag; it never becomes a snapshot
                hits.add("{\"_tags\":[\"comment\",\"author_c\",\"story_1\"],\"author\":\"c\",\"objectID\":\"3\","
                        + "\"created_at_i\":1620745331,\"comment_text\":\"see arxiv.org/abs/2105.04026\"}");
                return ok(HnBodies.page(hits));
            }
        });
        List<String> ids = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Integer::toString).toList());
        ids.add("bogus");

        SocialSource.Refresh refreshed = hn().source.refresh(ids);

        HttpUrl url = server.takeRequest().getUrl();
        assertThat(url.encodedPath()).isEqualTo("/api/v1/search");
        assertThat(url.queryParameter("tags")).startsWith("story,(story_1,story_2,").endsWith(",story_100)");
        assertThat(url.queryParameter("hitsPerPage")).isEqualTo("100");
        assertThat(url.queryParameter("query")).isNull();
        assertThat(refreshed.requests()).isEqualTo(1);
        assertThat(refreshed.snapshots()).hasSize(99)
                .contains(new PostSnapshot("hackernews", "3", NOW, 0, 3, 6, 0, null, null));
        assertThat(refreshed.gone()).containsExactly("7");
        assertThat(refreshed.skipped()).extracting(Skip::item).containsExactly("hackernews post bogus");
    }

    @Test
    void manyDueStoriesAreReadFromTheWindowWhileItPaysAndTheRestById() {
        long t = NOW.getEpochSecond() - 60;
        List<HnStandIn.Story> stories = new ArrayList<>();
        for (long id = 1; id <= 1200; id++) {
            stories.add(new HnStandIn.Story(id, ABS, id % 50, id % 7, t - id * 60));
        }
        // a story whose link was edited away from arXiv: only a lookup by id finds it
        stories.add(new HnStandIn.Story(5000, "https://example.org/paper", 1, 1, t - 30));
        HnStandIn standIn = new HnStandIn(stories);
        server.setDispatcher(standIn);
        List<String> due = new ArrayList<>();
        IntStream.rangeClosed(1, 150).forEach(id -> due.add(Integer.toString(id)));
        IntStream.rangeClosed(1101, 1150).forEach(id -> due.add(Integer.toString(id)));
        due.add("5000");
        due.add("6000"); // deleted

        SocialSource.Refresh refreshed = hn().source.refresh(due);

        assertThat(standIn.requests).as("1,000 newest stories bring 150 due ones; the 52 left fit one lookup")
                .containsExactly("window page 0", "lookup 52");
        assertThat(refreshed.requests()).isEqualTo(2);
        assertThat(refreshed.snapshots()).hasSize(201)
                .as("read by the lookup, one second (the spacing) after the window")
                .contains(new PostSnapshot("hackernews", "1120", NOW.plusSeconds(1), 0, 1120 % 50, 1120 % 7, 0, null,
                        null));
        assertThat(refreshed.gone()).containsExactly("6000");
    }

    @Test
    void aLookupAnswerCutIntoPagesIsReadToItsEndBeforeAnythingCountsAsGone() throws Exception {
        long t = second("2021-05-11T12:00:00Z");
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(1, "a", ABS, 1, 1, t)), 0, 2, 1, 2)));
        server.enqueue(ok(HnBodies.page(List.of(HnBodies.story(2, "a", ABS, 2, 2, t)), 1, 2, 1, 2)));

        SocialSource.Refresh refreshed = hn().source.refresh(List.of("1", "2", "3"));

        assertThat(refreshed.requests()).isEqualTo(2);
        assertThat(refreshed.snapshots()).extracting(PostSnapshot::postId).containsExactly("1", "2");
        assertThat(refreshed.gone()).containsExactly("3");
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().queryParameter("page")).isEqualTo("1");
    }
}
