package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.ArxivLinkExtractor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostViewParserTest {
    private static final Instant NOW = Instant.parse("2025-05-20T12:00:00Z");
    private static final String PAPER = "https://arxiv.org/abs/2505.00001";
    private final MutableClock clock = new MutableClock(NOW);
    private final PostViewParser parser = new PostViewParser(BlueskyBodies.JSON,
            new PostRecordParser(new ArxivLinkExtractor(), clock), clock);

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheCountsOfARecordedGetPostsAnswer() {
        BlueskyPage page = parser.parse(Fixtures.bytes("bluesky-getposts-one-post-link-facets-bskyr.json"));

        String uri = "at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s";
        assertThat(page.posts()).singleElement().satisfies(post -> {
            assertThat(post.uri()).isEqualTo(uri);
            assertThat(post.snapshot()).isEqualTo(new PostSnapshot("bluesky", uri, NOW, 0, 4, 0, 0, null, null));
            assertThat(post.linking()).as("its links (localview.net, rstats.ai) are no papers").isNull();
        });
        assertThat(page.cursor()).isNull();
        assertThat(page.postsRead()).isEqualTo(1);
        assertThat(page.skipped()).isEmpty();
    }

    @Test
    void readsARecordedSearchPageWithItsCursor() {
        BlueskyPage page = parser.parse(Fixtures.bytes("bluesky-searchposts-q-redistricting-cursor-trimmed-bskyr.json"));

        assertThat(page.cursor()).isEqualTo("25");
        assertThat(page.posts()).extracting(BlueskyPage.ViewedPost::uri).containsExactly(
                "at://did:plc:kkergqgbhb56ptpwj2wenkje/app.bsky.feed.post/3lpk2u6qo222m",
                "at://did:plc:s7savtl25cqhm3ddqc7jeljx/app.bsky.feed.post/3lpk2r5h5ec2j",
                "at://did:plc:clxs5bimkdx2zvxzrbs6v3pw/app.bsky.feed.post/3lpjneeyp6c2w");
        assertThat(page.posts().get(2).snapshot()).isEqualTo(new PostSnapshot("bluesky",
                page.posts().get(2).uri(), NOW, 5, 20, 2, 1, null, null));
        assertThat(page.posts()).allSatisfy(post -> assertThat(post.linking()).isNull());
    }

    @Test
    void aRecordedPostPointedAtAPaperIsFoundWithItsAuthorAndCounts() throws Exception {
        ObjectNode root = (ObjectNode) BlueskyBodies.JSON.readTree(
                Fixtures.bytes("bluesky-searchposts-q-redistricting-cursor-trimmed-bskyr.json"));
        ObjectNode view = (ObjectNode) root.path("posts").path(2);
        ((ObjectNode) view.path("record").path("embed").path("external")).put("uri", "https://arxiv.org/pdf/2505.00001v2");

        BlueskyPage.ViewedPost post = parser.parse(bytes(root.toString())).posts().get(2);

        assertThat(post.linking().arxivIds()).containsExactly("2505.00001");
        assertThat(post.linking().post().authorHandle()).isEqualTo("brendannyhan.bsky.social");
        assertThat(post.linking().post().authorName()).isEqualTo("Brendan Nyhan");
        assertThat(post.linking().post().contentId()).isEqualTo("bafyreiaamd3a4m3gxr2g7knb3agjrolterzwo3sdsxejbgrov6cxg7ylvi");
        assertThat(post.linking().post().createdAt()).isEqualTo(Instant.parse("2025-05-19T13:08:40.742Z"));
        assertThat(post.linking().snapshot()).isEqualTo(post.snapshot());
    }

    @Test
    void aPostQuotingAPostThatLinksAPaperLinksItToo() {
        ObjectNode original = BlueskyBodies.view("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "3orig", "author.bsky.social",
                BlueskyBodies.record("our paper", "2025-05-19T10:00:00Z", PAPER), 50, 10);
        ObjectNode quote = BlueskyBodies.quoting(BlueskyBodies.view("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", "3quote",
                "reader.bsky.social", BlueskyBodies.record("great work", "2025-05-19T11:00:00Z", null), 7, 1), original);

        BlueskyPage page = parser.parse(bytes(BlueskyBodies.page(List.of(quote), null)));

        assertThat(page.posts()).hasSize(2);
        BlueskyPage.ViewedPost quoting = page.posts().get(0);
        assertThat(quoting.uri()).endsWith("/3quote");
        assertThat(quoting.linking().arxivIds()).containsExactly("2505.00001");
        assertThat(quoting.snapshot().likes()).isEqualTo(7);
        BlueskyPage.ViewedPost quoted = page.posts().get(1);
        assertThat(quoted.uri()).endsWith("/3orig");
        assertThat(quoted.linking().post().authorHandle()).isEqualTo("author.bsky.social");
        assertThat(quoted.snapshot()).as("a view record without counts has none").isNull();
    }

    @Test
    void selfLabelledBotsAreFlaggedButALabelFromSomeoneElseIsNot() {
        ObjectNode bot = BlueskyBodies.bot(BlueskyBodies.view(BlueskyBodies.DID, "3bot", "arxiv-feed.bsky.social",
                BlueskyBodies.record("New: a paper", "2025-05-19T10:00:00Z", PAPER), 0, 0));
        ObjectNode labelled = BlueskyBodies.view("did:plc:cccccccccccccccccccccccc", "3hum", "human.bsky.social",
                BlueskyBodies.record("a paper", "2025-05-19T10:00:00Z", PAPER), 0, 0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) labelled.path("author").path("labels")).addObject()
                .put("src", "did:plc:ar7c4by46qjdydhdevvrndac").put("val", "bot");

        BlueskyPage page = parser.parse(bytes(BlueskyBodies.page(List.of(bot, labelled), null)));

        assertThat(page.posts().get(0).linking().post().automated()).isTrue();
        assertThat(page.posts().get(1).linking().post().automated()).isFalse();
    }

    @Test
    void keepsBookmarksWhenReportedAndDefaultsMissingCountsToZero() {
        ObjectNode view = BlueskyBodies.view(BlueskyBodies.DID, "3bm", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), 3, 2);
        view.put("bookmarkCount", 9).remove("quoteCount");

        PostSnapshot snapshot = parser.parse(bytes(BlueskyBodies.page(List.of(view), null))).posts().get(0).snapshot();

        assertThat(snapshot.bookmarks()).isEqualTo(9L);
        assertThat(snapshot.quotes()).isZero();
    }

    @Test
    void skipsHostileViewsAndKeepsTheRest() {
        ObjectNode good = BlueskyBodies.view(BlueskyBodies.DID, "3ok", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), 1, 1);
        ObjectNode negative = BlueskyBodies.view(BlueskyBodies.DID, "3neg", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), -1, 1);
        ObjectNode huge = BlueskyBodies.view(BlueskyBodies.DID, "3big", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), 1, 1);
        huge.put("likeCount", new java.math.BigInteger("99999999999999999999"));
        ObjectNode impostor = BlueskyBodies.view(BlueskyBodies.DID, "3imp", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), 1, 1);
        ((ObjectNode) impostor.path("author")).put("did", "did:plc:someoneelse");
        ObjectNode badHandle = BlueskyBodies.view(BlueskyBodies.DID, "3hdl", "<script>", BlueskyBodies.record("x",
                "2025-05-19T10:00:00Z", PAPER), 1, 1);
        ObjectNode handleUri = BlueskyBodies.view(BlueskyBodies.DID, "3uri", "a.bsky.social",
                BlueskyBodies.record("x", "2025-05-19T10:00:00Z", PAPER), 1, 1);
        handleUri.put("uri", "at://a.bsky.social/app.bsky.feed.post/3uri");

        BlueskyPage page = parser.parse(bytes(BlueskyBodies.page(
                List.of(good, negative, huge, impostor, badHandle, handleUri), "next")));

        assertThat(page.posts()).extracting(BlueskyPage.ViewedPost::uri).containsExactly(BlueskyBodies.uri(BlueskyBodies.DID, "3ok"));
        assertThat(page.postsRead()).isEqualTo(6);
        assertThat(page.skipped()).extracting(skip -> skip.reason()).containsExactly(
                "likeCount is outside 0 to 2^63 - 1 (-1)", "likeCount is outside 0 to 2^63 - 1 (99999999999999999999)",
                "the author's DID is not the one in the uri (did:plc:someoneelse)",
                "the author's handle breaks the handle syntax (<script>)",
                "the uri is not an at:// URI of a post by a DID");
    }

    @Test
    void aCursorThatCannotBeSentBackEndsThePaging() {
        BlueskyPage page = parser.parse(bytes("{\"posts\":[],\"cursor\":\"" + "x".repeat(600) + "\"}"));
        assertThat(page.cursor()).isNull();
        assertThat(page.skipped()).singleElement().satisfies(skip -> assertThat(skip.reason()).contains("paging stops"));
    }

    @Test
    void aBodyThatIsNotAnAnswerIsMalformed() {
        assertThatThrownBy(() -> parser.parse(bytes("<html>403 Forbidden</html>")))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> parser.parse(bytes("{\"feed\":[]}"))).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void readsRecordedErrorEnvelopesAndNotAnEdgesHtmlPage() {
        assertThat(parser.error("application/json; charset=utf-8", Fixtures.bytes("bluesky-401-authmissing.json")))
                .contains(new PostViewParser.XrpcError("AuthMissing", "Authentication Required"));
        assertThat(parser.error("application/json", Fixtures.bytes("bluesky-429-ratelimitexceeded.json")))
                .contains(new PostViewParser.XrpcError("RateLimitExceeded", "Rate Limit Exceeded"));
        assertThat(parser.error("application/json",
                Fixtures.bytes("bluesky-createsession-401-authenticationrequired-bskyr.json")))
                .contains(new PostViewParser.XrpcError("AuthenticationRequired", "Invalid identifier or password"));
        assertThat(parser.error("text/html", bytes("<html><body>403 Forbidden</body></html>"))).isEmpty();
        assertThat(parser.error("application/json", bytes("{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")))
                .contains(new PostViewParser.XrpcError("ExpiredToken", "Token has expired"));
    }
}
