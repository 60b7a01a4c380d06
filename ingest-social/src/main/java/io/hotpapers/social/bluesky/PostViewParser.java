package io.hotpapers.social.bluesky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.Skip;
import io.hotpapers.social.FoundPost;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code app.bsky.feed.getPosts} and {@code app.bsky.feed.searchPosts} answers and XRPC error bodies: bytes in,
 * records out. A post view that breaks the lexicon is left out with its reason; the rest of the page is read.
 *
 * <p>An author who labels the account {@code bot} (a label whose source is the author's own DID, the self-label of
 * the profile) makes the post automated. A post quoting a post that links a paper links that paper too: it is a post
 * of its own, with its own counts. Counts the view leaves out are 0, as the lexicon says; {@code bookmarkCount} is
 * kept apart as unknown.
 */
public final class PostViewParser {
    private static final String QUOTE_VIEW = "app.bsky.embed.record#view";
    private static final String QUOTE_WITH_MEDIA_VIEW = "app.bsky.embed.recordWithMedia#view";
    private static final String VIEW_RECORD = "app.bsky.embed.record#viewRecord";
    /** The longest search cursor taken back to the server: it is opaque, but need not be long. */
    static final int MAX_CURSOR_LENGTH = 512;

    private final ObjectMapper json;
    private final PostRecordParser records;
    private final Clock clock;

    public PostViewParser(ObjectMapper json, PostRecordParser records, Clock clock) {
        this.json = json;
        this.records = records;
        this.clock = clock;
    }

    /** An XRPC error envelope {@code {"error": …, "message": …}}. */
    public record XrpcError(String error, String message) {
    }

    /** A getPosts or searchPosts answer. */
    public BlueskyPage parse(byte[] body) {
        JsonNode root = read(body).orElseThrow(() -> new MalformedResponseException(
                "Bluesky sent a body that is not a JSON object"));
        JsonNode posts = root.get("posts");
        if (posts == null || !posts.isArray()) {
            throw new MalformedResponseException("Bluesky sent an answer without a posts array");
        }
        Instant capturedAt = clock.instant();
        List<BlueskyPage.ViewedPost> viewed = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (JsonNode view : posts) {
            try {
                viewed.add(view(view, capturedAt, "record"));
                quoted(view).ifPresent(quote -> {
                    try {
                        BlueskyPage.ViewedPost post = view(quote, capturedAt, "value");
                        if (post.linking() != null) {
                            viewed.add(post);
                        }
                    } catch (BlueskyRecordException e) {
                        skipped.add(e.skip()); // the quoting post stays
                    }
                });
            } catch (BlueskyRecordException e) {
                skipped.add(e.skip());
            }
        }
        return new BlueskyPage(viewed, cursor(root, skipped), posts.size(), skipped);
    }

    /** The error envelope of an unsuccessful answer, when the body is one (an edge's 403 is an HTML page). */
    public Optional<XrpcError> error(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return Optional.empty();
        }
        return read(body).filter(root -> root.path("error").isTextual())
                .map(root -> new XrpcError(BlueskyIds.quote(root.get("error").asText()),
                        root.path("message").isTextual() ? BlueskyIds.quote(root.get("message").asText()) : ""));
    }

    private Optional<JsonNode> read(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MalformedResponseException("Bluesky sent an unreadable body", e);
        }
    }

    /**
     * One post view (or a quoted post's view record, whose record is under {@code value}).
     *
     * @param recordField where the view keeps the post record
     */
    private BlueskyPage.ViewedPost view(JsonNode view, Instant capturedAt, String recordField) {
        if (!view.isObject()) {
            throw new BlueskyRecordException("bluesky post " + BlueskyIds.quote(view), "the post view is not an object");
        }
        String rawUri = view.path("uri").asText(null);
        BlueskyIds.PostUri uri = BlueskyIds.parsePostUri(rawUri).orElseThrow(() -> new BlueskyRecordException(
                "bluesky post " + BlueskyIds.quote(rawUri), "the uri is not an at:// URI of a post by a DID"));
        String item = "bluesky post " + uri;
        JsonNode author = view.path("author");
        if (!uri.did().equals(author.path("did").asText(null))) {
            throw new BlueskyRecordException(item, "the author's DID is not the one in the uri ("
                    + BlueskyIds.quote(author.path("did").asText(null)) + ")");
        }
        String cid = view.path("cid").asText(null);
        if (cid == null) {
            throw new BlueskyRecordException(item, "the post view has no cid");
        }
        PostRecordParser.Author writer = new PostRecordParser.Author(uri.did(), author.path("handle").asText(null),
                author.path("displayName").asText(null), selfLabelledBot(author, uri.did()));
        JsonNode record = view.get(recordField);
        Set<String> papers = new LinkedHashSet<>(records.papers(item, record));
        quoted(view).ifPresent(quote -> {
            try {
                papers.addAll(records.papers(item, quote.get("value")));
            } catch (BlueskyRecordException e) {
                // the quoted post is unreadable: the quoting post links what it links itself
            }
        });
        Post post = records.post(uri, item, writer, cid, record);
        PostSnapshot snapshot = snapshot(view, post.postId(), item, capturedAt);
        return new BlueskyPage.ViewedPost(post.postId(), snapshot, papers.isEmpty() ? null
                : new FoundPost(post, papers, snapshot));
    }

    /** The view record of the post a view quotes, when it quotes one that could be read. */
    private static Optional<JsonNode> quoted(JsonNode view) {
        JsonNode embed = view.path("embed");
        String type = embed.path("$type").asText();
        JsonNode record = type.equals(QUOTE_VIEW) ? embed.path("record")
                : type.equals(QUOTE_WITH_MEDIA_VIEW) ? embed.path("record").path("record") : null;
        return record != null && VIEW_RECORD.equals(record.path("$type").asText()) ? Optional.of(record)
                : Optional.empty();
    }

    /** Whether the author labels the account a bot: a {@code bot} label the author gave themself. */
    private static boolean selfLabelledBot(JsonNode author, String did) {
        for (JsonNode label : author.path("labels")) {
            if ("bot".equals(label.path("val").asText()) && did.equals(label.path("src").asText())
                    && !label.path("neg").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** The view's counts; a view record of a quoted post that carries none has no snapshot. */
    private static PostSnapshot snapshot(JsonNode view, String postId, String item, Instant capturedAt) {
        if (!view.has("likeCount") && !view.has("repostCount") && !view.has("replyCount") && !view.has("quoteCount")
                && view.has("value")) {
            return null;
        }
        return new PostSnapshot(PostRecordParser.SOURCE, postId, capturedAt, count(view, "repostCount", item),
                count(view, "likeCount", item), count(view, "replyCount", item), count(view, "quoteCount", item),
                view.has("bookmarkCount") ? count(view, "bookmarkCount", item) : null, null);
    }

    /** A count as the lexicon defines it: a non-negative integer; within 64 bits, never wrapped or rounded. */
    private static long count(JsonNode view, String field, String item) {
        JsonNode value = view.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw new BlueskyRecordException(item, field + " is not an integer (" + BlueskyIds.quote(value) + ")");
        }
        if (!value.canConvertToLong() || value.longValue() < 0) {
            throw new BlueskyRecordException(item, field + " is outside 0 to 2^63 - 1 (" + BlueskyIds.quote(value) + ")");
        }
        return value.longValue();
    }

    /** The next page's cursor; one that could not be sent back safely ends the paging, with a skip saying so. */
    private static String cursor(JsonNode root, List<Skip> skipped) {
        JsonNode cursor = root.get("cursor");
        if (cursor == null || cursor.isNull()) {
            return null;
        }
        String value = cursor.asText();
        if (!cursor.isTextual() || value.isEmpty() || value.length() > MAX_CURSOR_LENGTH
                || value.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
            skipped.add(new Skip("bluesky search cursor", "the cursor is not up to " + MAX_CURSOR_LENGTH
                    + " printable ASCII characters (" + BlueskyIds.quote(cursor) + "); paging stops here"));
            return null;
        }
        return value;
    }
}
