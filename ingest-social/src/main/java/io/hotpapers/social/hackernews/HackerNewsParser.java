package io.hotpapers.social.hackernews;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.text.UntrustedText;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Hacker News search answers (Algolia's {@code /search} and {@code /search_by_date}): bytes in, records out.
 * Both shapes seen on the wire are read: the older one that lists every field with {@code null}, and the newer one
 * that leaves absent fields out; every hit field is optional except its id, kind, author and time.
 *
 * <p>A hit that breaks what the API defines (an id that is not a positive decimal number, a count that is negative,
 * fractional or beyond {@value #MAX_COUNT}, a time in the future or before arXiv existed, an author name Hacker News
 * would not issue, a URL longer than {@value #MAX_URL_LENGTH} characters) is left out and returned in
 * {@link HackerNewsPage#skipped()} with the reason; the rest of the page is read as usual.
 */
public final class HackerNewsParser {
    /** The arXiv's first day: no story can link a paper before it. */
    static final Instant ARXIV_START = Instant.parse("1991-08-14T00:00:00Z");
    /** How far the service's clock may run ahead of ours before a creation time counts as in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** No story ever came near a million points: a count beyond this is not a count. */
    static final long MAX_COUNT = 1_000_000_000L;
    /** Longer links are not links a person submitted (browsers and HN itself stop far earlier). */
    static final int MAX_URL_LENGTH = 2_048;
    /** Algolia's pagination reaches at most 1,000 hits, so never more pages than that. */
    static final int MAX_PAGES = 1_000;
    /** Hacker News item ids: positive decimal numbers (about 4.6e7 in 2026; 15 digits leave room). */
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,14}");
    /** Hacker News user names: letters, digits, dashes and underscores, at most 15 (a little room kept). */
    private static final Pattern AUTHOR = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Hostile values are quoted in skip reasons, shortened. */
    private static final int QUOTED_LENGTH = 40;

    private final ObjectMapper json;
    private final Clock clock;

    public HackerNewsParser(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public HackerNewsPage parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("Hacker News search sent malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedResponseException("Hacker News search sent an unreadable body", e);
        }
        if (root == null || !root.isObject() || !root.path("hits").isArray()) {
            throw new MalformedResponseException("Hacker News search sent a body that is not an object with hits");
        }
        Instant latest = clock.instant().plus(CLOCK_SKEW);
        List<HackerNewsHit> hits = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (JsonNode node : root.path("hits")) {
            try {
                hits.add(hit(node, latest));
            } catch (Rejected e) {
                skipped.add(new Skip("hackernews item " + e.item, e.getMessage()));
            }
        }
        int delivered = root.path("hits").size();
        int page = paging(root, "page", 0);
        int pages = Math.min(MAX_PAGES, paging(root, "nbPages", delivered == 0 ? page : page + 1));
        int hitsPerPage = paging(root, "hitsPerPage", delivered);
        long totalHits = root.path("nbHits").canConvertToLong() && root.path("nbHits").asLong() >= 0
                ? root.path("nbHits").asLong() : delivered;
        return new HackerNewsPage(hits, page, pages, hitsPerPage, totalHits, delivered, skipped);
    }

    /** A paging number; one that is absent reads as its default, one that is not a small whole number fails the page. */
    private static int paging(JsonNode root, String field, int defaultValue) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            // paging on a number that is not one could loop or skip pages: the whole answer is unusable
            throw new MalformedResponseException("Hacker News search sent " + field + " that is not a whole number "
                    + "from 0 (" + quote(value) + ")");
        }
        return value.intValue();
    }

    private static HackerNewsHit hit(JsonNode node, Instant latest) {
        if (!node.isObject()) {
            throw new Rejected(quote(node), "the hit is not a JSON object");
        }
        long id = id(node.get("objectID"));
        String item = Long.toString(id);
        String author = text(node, "author");
        if (author == null || !AUTHOR.matcher(author).matches()) {
            throw new Rejected(item, "author is not a Hacker News user name (" + quote(node.get("author")) + ")");
        }
        String url = text(node, "url");
        if (url != null && url.length() > MAX_URL_LENGTH) {
            throw new Rejected(item, "url is longer than " + MAX_URL_LENGTH + " characters");
        }
        String title = text(node, "title");
        return new HackerNewsHit(id, kind(node.path("_tags")), title == null ? "" : UntrustedText.line(title,
                UntrustedText.TITLE), url == null || url.isBlank() ? null : url.strip(), author,
                count(node, "points", item), count(node, "num_comments", item), createdAt(node, item, latest));
    }

    /** A story is tagged {@code story}, a comment {@code comment}; polls, jobs and untagged hits are neither. */
    private static HackerNewsHit.Kind kind(JsonNode tags) {
        boolean story = false;
        boolean comment = false;
        for (JsonNode tag : tags) {
            story |= "story".equals(tag.asText(null));
            comment |= "comment".equals(tag.asText(null));
        }
        // a hit tagged both is not something Hacker News makes: never counted
        return story && !comment ? HackerNewsHit.Kind.STORY
                : comment && !story ? HackerNewsHit.Kind.COMMENT : HackerNewsHit.Kind.OTHER;
    }

    private static long id(JsonNode value) {
        String text = value == null ? null : value.isTextual() ? value.asText()
                : value.isIntegralNumber() ? value.asText() : null;
        if (text == null || !ID.matcher(text).matches()) {
            throw new Rejected(quote(value), "objectID is not a positive decimal number (" + quote(value) + ")");
        }
        return Long.parseLong(text);
    }

    /** A count as the API defines it: absent or {@code null} (a comment's) reads as 0, anything else must be one. */
    private static long count(JsonNode node, String field, String item) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber()) {
            throw new Rejected(item, field + " is not an integer (" + quote(value) + ")");
        }
        if (!value.canConvertToLong() || value.longValue() < 0 || value.longValue() > MAX_COUNT) {
            throw new Rejected(item, field + " is outside 0 to " + MAX_COUNT + " (" + quote(value) + ")");
        }
        return value.longValue();
    }

    /** {@code created_at_i} (epoch seconds), else {@code created_at} (ISO-8601); one of them must be there. */
    private static Instant createdAt(JsonNode node, String item, Instant latest) {
        JsonNode seconds = node.get("created_at_i");
        Instant createdAt;
        try {
            if (seconds != null && !seconds.isNull()) {
                if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
                    throw new Rejected(item, "created_at_i is not whole seconds (" + quote(seconds) + ")");
                }
                createdAt = Instant.ofEpochSecond(seconds.longValue());
            } else {
                String iso = text(node, "created_at");
                if (iso == null) {
                    throw new Rejected(item, "the hit has neither created_at_i nor created_at");
                }
                createdAt = Instant.parse(iso);
            }
        } catch (DateTimeException e) {
            throw new Rejected(item, "created_at is unreadable (" + quote(node.get("created_at")) + ")");
        }
        if (createdAt.isAfter(latest)) {
            throw new Rejected(item, "created_at is in the future (" + createdAt + ")");
        }
        if (createdAt.isBefore(ARXIV_START)) {
            throw new Rejected(item, "created_at is before arXiv existed (" + createdAt + ")");
        }
        return createdAt;
    }

    /** A value from the response as it may appear in a stored reason: JSON, shortened, printable ASCII only. */
    private static String quote(JsonNode value) {
        String shown = value == null ? "missing" : value.toString();
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < shown.length() && quoted.length() < QUOTED_LENGTH; i++) {
            char c = shown.charAt(i);
            quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return shown.length() > QUOTED_LENGTH ? quoted + "..." : quoted.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        // JSON may carry U+0000, which a PostgreSQL text column refuses
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText().replace("\u0000", "");
    }

    /** A hit left out of the page: its item (id, or the quoted bad id) and the reason as the message. */
    private static final class Rejected extends RuntimeException {
        private final String item;

        Rejected(String item, String reason) {
            super(reason, null, false, false);
            this.item = item;
        }
    }
}
