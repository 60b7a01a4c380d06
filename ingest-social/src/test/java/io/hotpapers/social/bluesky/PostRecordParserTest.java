package io.hotpapers.social.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.FoundPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostRecordParserTest {
    private static final String DID = "did:plc:dclwtltrt2ggsryagfzk7dp4";
    private static final String CID = "bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-04T15:00:00Z"));
    private final PostRecordParser parser = new PostRecordParser(new ArxivLinkExtractor(), clock);

    private static List<JsonNode> streamed() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Fixtures.text("jetstream-v1-post-create-delete-identity-account-jetstream.jsonl").split("\n")) {
            events.add(BlueskyBodies.JSON.readTree(line));
        }
        return events;
    }

    /** The recorded create event with its embed and facet pointed at a paper instead. */
    private static JsonNode recordedLinking(String link) throws Exception {
        ObjectNode record = (ObjectNode) streamed().get(0).path("commit").path("record").deepCopy();
        ((ObjectNode) record.path("embed").path("external")).put("uri", link);
        ((ObjectNode) record.path("facets").path(0).path("features").path(0)).put("uri", link);
        return record;
    }

    @Test
    void recordedStreamPostsLinkingNoPaperGiveNothing() throws Exception {
        for (JsonNode event : streamed().subList(0, 2)) {
            JsonNode commit = event.path("commit");
            assertThat(parser.parse(event.path("did").asText(), commit.path("rkey").asText(),
                    commit.path("cid").asText(), commit.path("record"))).isEmpty();
        }
    }

    @Test
    void readsThePostAndItsPaperFromFacetAndExternalEmbed() throws Exception {
        FoundPost found = parser.parse(DID, "3mptbyoeyc22k", CID,
                recordedLinking("https://arxiv.org/abs/2607.01234v2")).orElseThrow();

        Post post = found.post();
        assertThat(post.source()).isEqualTo("bluesky");
        assertThat(post.postId()).isEqualTo("at://" + DID + "/app.bsky.feed.post/3mptbyoeyc22k");
        assertThat(post.authorId()).isEqualTo(DID);
        assertThat(post.authorHandle()).isNull();
        assertThat(post.text()).isEqualTo("www.youtube.com/watch?v=V5lD...");
        assertThat(post.lang()).isEqualTo("en");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2026-07-04T14:38:06.240Z"));
        assertThat(post.contentId()).isEqualTo(CID);
        assertThat(post.automated()).isFalse();
        assertThat(found.arxivIds()).containsExactly("2607.01234");
        assertThat(found.snapshot()).isNull();
    }

    @Test
    void readsEmbedsAloneAndTheMediaOfAQuoteWithMedia() throws Exception {
        ObjectNode external = BlueskyBodies.record("a new paper", "2026-07-04T14:00:00Z", null);
        external.putObject("embed").put("$type", "app.bsky.embed.external").putObject("external")
                .put("uri", "https://huggingface.co/papers/2607.00001").put("title", "").put("description", "");
        assertThat(parser.parse(DID, "3aaa", CID, external).orElseThrow().arxivIds()).containsExactly("2607.00001");

        ObjectNode withMedia = BlueskyBodies.record("quoting, with a card", "2026-07-04T14:00:00Z", null);
        ObjectNode embed = withMedia.putObject("embed").put("$type", "app.bsky.embed.recordWithMedia");
        embed.putObject("record").put("$type", "app.bsky.embed.record").putObject("record")
                .put("uri", BlueskyBodies.uri(DID, "3zzz")).put("cid", CID);
        embed.putObject("media").put("$type", "app.bsky.embed.external").putObject("external")
                .put("uri", "https://www.alphaxiv.org/abs/2607.00002v1");
        assertThat(parser.parse(DID, "3bbb", CID, withMedia).orElseThrow().arxivIds()).containsExactly("2607.00002");
    }

    @Test
    void readsAddressesInTheTextButNotShortenedOnes() {
        ObjectNode bare = BlueskyBodies.record("Read arxiv.org/pdf/2607.00003v1. And (https://arxiv.org/html/2607.00004)!",
                "2026-07-04T14:38:02+00:00", null);
        assertThat(parser.parse(DID, "3ccc", CID, bare).orElseThrow().arxivIds())
                .containsExactlyInAnyOrder("2607.00003", "2607.00004");

        ObjectNode cut = BlueskyBodies.record("see arxiv.org/abs/2607.0000...", "2026-07-04T14:38:02Z", null);
        assertThat(parser.parse(DID, "3ddd", CID, cut)).as("a shortened address may show a cut id").isEmpty();
        ObjectNode mention = BlueskyBodies.record("arXiv:2607.00005 is great; notarxiv.org/abs/2607.00006",
                "2026-07-04T14:38:02Z", null);
        assertThat(parser.parse(DID, "3eee", CID, mention)).isEmpty();
    }

    @Test
    void readsCreationTimesInEveryRecordedPrecisionAndOffset() {
        for (String createdAt : List.of("2025-05-19T17:10:09.561858Z", "2026-07-04T14:38:02+00:00",
                "2026-07-04T16:38:02+02:00", "2023-09-19T11:32:54.574Z")) {
            ObjectNode record = BlueskyBodies.record("x", createdAt, "https://arxiv.org/abs/2105.04026");
            assertThat(parser.parse(DID, "3fff", null, record)).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-04T16:00:00Z", "1990-01-01T00:00:00Z", "2026-07-04 14:00:00", "yesterday", ""})
    void rejectsCreationTimesInTheFutureBeforeArxivOrUnreadable(String createdAt) {
        ObjectNode record = BlueskyBodies.record("x", createdAt, "https://arxiv.org/abs/2105.04026");
        assertThatThrownBy(() -> parser.parse(DID, "3fff", CID, record))
                .isInstanceOf(BlueskyRecordException.class)
                .satisfies(e -> assertThat(((BlueskyRecordException) e).skip().item())
                        .isEqualTo("bluesky post at://" + DID + "/app.bsky.feed.post/3fff"))
                .hasMessageContaining("createdAt");
    }

    @Test
    void rejectsIdentifiersThatBreakTheirSyntax() {
        ObjectNode record = BlueskyBodies.record("x", "2026-07-04T14:00:00Z", "https://arxiv.org/abs/2105.04026");
        for (String[] bad : new String[][] {{"plc:abc", "3aaa", CID}, {"did:plc:a/b", "3aaa", CID},
            {DID, "..", CID}, {DID, "a/b", CID}, {DID, "3aaa", "QmNotBase32"}, {DID, "3aaa", "b<script>"}}) {
            assertThatThrownBy(() -> parser.parse(bad[0], bad[1], bad[2], record))
                    .as(String.join(" ", bad)).isInstanceOf(BlueskyRecordException.class);
        }
    }

    @Test
    void rejectsRecordsThatAreNotPostsOrHaveNoTextOrTooMuch() throws Exception {
        JsonNode like = BlueskyBodies.JSON.readTree(Fixtures.text("jetstream-v1-post-create-delete-identity-account-jetstream.jsonl")
                .lines().findFirst().orElseThrow()).path("commit").path("record").deepCopy();
        ((ObjectNode) like).put("$type", "app.bsky.feed.repost");
        assertThatThrownBy(() -> parser.parse(DID, "3aaa", CID, like)).hasMessageContaining("not a post");

        ObjectNode noText = BlueskyBodies.record("x", "2026-07-04T14:00:00Z", "https://arxiv.org/abs/2105.04026");
        noText.remove("text");
        assertThatThrownBy(() -> parser.parse(DID, "3aaa", CID, noText)).hasMessageContaining("no text");

        ObjectNode long_ = BlueskyBodies.record("é".repeat(1_501), "2026-07-04T14:00:00Z",
                "https://arxiv.org/abs/2105.04026");
        assertThatThrownBy(() -> parser.parse(DID, "3aaa", CID, long_)).hasMessageContaining("3000 bytes");
        assertThatThrownBy(() -> parser.parse(DID, "3aaa", CID, BlueskyBodies.JSON.readTree("[1]")))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void dropsNulCharactersAndBadLanguageTags() {
        ObjectNode record = BlueskyBodies.record("a\u0000b", "2026-07-04T14:00:00Z", "https://arxiv.org/abs/2105.04026");
        record.putArray("langs").add("<script>").add("en-US");
        Post post = parser.parse(DID, "3aaa", CID, record).orElseThrow().post();
        assertThat(post.text()).isEqualTo("ab");
        assertThat(post.lang()).isEqualTo("en-US");
    }
}
