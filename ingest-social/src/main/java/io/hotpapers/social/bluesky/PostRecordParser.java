package io.hotpapers.social.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.post.Post;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.FoundPost;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one {@code app.bsky.feed.post} record (from Jetstream, or the {@code record} of a post view): bytes already
 * parsed to JSON in, the post and the papers it links out. Pure: no network, no storage.
 *
 * <p>A post links a paper through a link facet ({@code facets[].features[]} of type
 * {@code app.bsky.richtext.facet#link}), an external embed ({@code embed.external.uri}), the media part of a
 * quote with media ({@code embed.media.external.uri}), or an address written in its text. The visible text is often
 * shortened, so links are taken from the facets and embeds first; a shortened address in the text is ignored.
 * A quoted post's links are not in the record (only its URI is): post views resolve them, see {@link PostViewParser}.
 */
public final class PostRecordParser {
    public static final String SOURCE = "bluesky";
    static final String POST_TYPE = "app.bsky.feed.post";
    private static final String LINK_FEATURE = "app.bsky.richtext.facet#link";
    private static final String EXTERNAL_EMBED = "app.bsky.embed.external";
    private static final String RECORD_WITH_MEDIA_EMBED = "app.bsky.embed.recordWithMedia";
    /** The arXiv's first day: no post can link a paper before it (as for X). */
    static final Instant ARXIV_START = Instant.parse("1991-08-14T00:00:00Z");
    /** How far the author's clock may run ahead of ours before a creation time counts as in the future (as for X). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** The lexicon's limit on a post's text: 3000 bytes of UTF-8 (300 graphemes). */
    static final int MAX_TEXT_BYTES = 3_000;
    /** Facets and links read per post: far beyond a 300-grapheme post's, so that a hostile record stays cheap. */
    static final int MAX_LINKS = 100;
    /** A link longer than this is not one a client writes; it is not resolved. */
    static final int MAX_LINK_LENGTH = 2_000;
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,5}");

    private final ArxivLinkExtractor links;
    private final Clock clock;

    /** A parser that judges creation times against the system clock (the contract the stream consumer uses). */
    public PostRecordParser(ArxivLinkExtractor links) {
        this(links, Clock.systemUTC());
    }

    public PostRecordParser(ArxivLinkExtractor links, Clock clock) {
        this.links = links;
        this.clock = clock;
    }

    /** Who wrote a post, as far as the caller knows: a streamed record knows only the DID. */
    record Author(String did, String handle, String displayName, boolean automated) {
        static Author unknown(String did) {
            return new Author(did, null, null, false);
        }
    }

    /**
     * The post and the papers it links, or empty when it links none.
     *
     * @param cid the record's cid, or {@code null} when the caller has none
     * @throws BlueskyRecordException when the record breaks what the lexicon defines
     */
    public Optional<FoundPost> parse(String authorDid, String rkey, String cid, JsonNode record) {
        return parse(Author.unknown(authorDid), rkey, cid, record);
    }

    Optional<FoundPost> parse(Author author, String rkey, String cid, JsonNode record) {
        BlueskyIds.PostUri uri = BlueskyIds.postUri(author.did(), rkey).orElseThrow(() -> new BlueskyRecordException(
                "bluesky post by " + BlueskyIds.quote(author.did()) + " rkey " + BlueskyIds.quote(rkey),
                "the DID or record key breaks the AT Protocol syntax"));
        String item = "bluesky post " + uri;
        Set<String> papers = papers(item, record);
        if (papers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FoundPost(post(uri, item, author, cid, record), papers, null));
    }

    /** The papers a record links; the record is checked as far as reading its links needs. */
    Set<String> papers(String item, JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new BlueskyRecordException(item, "the record is not a JSON object");
        }
        JsonNode type = record.get("$type");
        if (type != null && !POST_TYPE.equals(type.asText())) {
            throw new BlueskyRecordException(item, "the record is not a post ($type " + BlueskyIds.quote(type) + ")");
        }
        String text = text(item, record);
        Set<String> papers = new LinkedHashSet<>(links.paperIds(linkTargets(record)));
        papers.addAll(links.paperIdsInText(text));
        return papers;
    }

    /** The post itself, every field checked. */
    Post post(BlueskyIds.PostUri uri, String item, Author author, String cid, JsonNode record) {
        if (cid != null && !BlueskyIds.isCid(cid)) {
            throw new BlueskyRecordException(item, "the cid is not a base32 CIDv1 (" + BlueskyIds.quote(cid) + ")");
        }
        String handle = author.handle();
        if (handle != null && !BlueskyIds.isHandle(handle)) {
            throw new BlueskyRecordException(item, "the author's handle breaks the handle syntax ("
                    + BlueskyIds.quote(handle) + ")");
        }
        String displayName = author.displayName() == null ? null : clean(author.displayName());
        if (displayName != null && displayName.length() > 640) {
            throw new BlueskyRecordException(item, "the author's display name is longer than 640 characters");
        }
        return new Post(SOURCE, uri.toString(), uri.did(), handle, displayName == null || displayName.isBlank() ? null
                : displayName, text(item, record), lang(record), createdAt(item, record), author.automated(), cid);
    }

    private static String text(String item, JsonNode record) {
        JsonNode value = record.get("text");
        if (value == null || !value.isTextual()) {
            throw new BlueskyRecordException(item, "the post has no text");
        }
        String text = value.asText();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new BlueskyRecordException(item, "the text is longer than the lexicon's " + MAX_TEXT_BYTES + " bytes");
        }
        return clean(text);
    }

    /** Facet links and embed links, the raw targets before resolution. */
    private static List<String> linkTargets(JsonNode record) {
        List<String> targets = new ArrayList<>();
        for (JsonNode facet : record.path("facets")) {
            for (JsonNode feature : facet.path("features")) {
                if (targets.size() >= MAX_LINKS) {
                    return targets;
                }
                if (LINK_FEATURE.equals(feature.path("$type").asText())) {
                    addLink(targets, feature.get("uri"));
                }
            }
        }
        JsonNode embed = record.path("embed");
        String embedType = embed.path("$type").asText();
        if (embedType.equals(EXTERNAL_EMBED)) {
            addLink(targets, embed.path("external").get("uri"));
        } else if (embedType.equals(RECORD_WITH_MEDIA_EMBED)
                && embed.path("media").path("$type").asText().equals(EXTERNAL_EMBED)) {
            addLink(targets, embed.path("media").path("external").get("uri"));
        }
        return targets;
    }

    private static void addLink(List<String> targets, JsonNode uri) {
        if (uri != null && uri.isTextual() && uri.asText().length() <= MAX_LINK_LENGTH) {
            targets.add(uri.asText());
        }
    }

    /** The first language tag that is one; none is fine. */
    private static String lang(JsonNode record) {
        for (JsonNode lang : record.path("langs")) {
            if (lang.isTextual() && LANGUAGE_TAG.matcher(lang.asText()).matches()) {
                return lang.asText();
            }
        }
        return null;
    }

    /**
     * The creation time, read leniently as the network writes it (any fraction of a second, {@code Z} or an
     * offset), and bounded as for X: not in the future, not before arXiv existed.
     */
    private Instant createdAt(String item, JsonNode record) {
        JsonNode value = record.get("createdAt");
        if (value == null || !value.isTextual() || value.asText().length() > 64) {
            throw new BlueskyRecordException(item, "createdAt is missing or not a date (" + BlueskyIds.quote(value) + ")");
        }
        Instant createdAt;
        try {
            createdAt = OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BlueskyRecordException(item, "createdAt is unreadable (" + BlueskyIds.quote(value.asText()) + ")");
        }
        if (createdAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new BlueskyRecordException(item, "createdAt is in the future (" + createdAt + ")");
        }
        if (createdAt.isBefore(ARXIV_START)) {
            throw new BlueskyRecordException(item, "createdAt is before arXiv existed (" + createdAt + ")");
        }
        return createdAt;
    }

    /** JSON may carry U+0000, which a PostgreSQL text column refuses: one such post would fail its whole batch. */
    private static String clean(String text) {
        return text.replace("\u0000", "");
    }
}
