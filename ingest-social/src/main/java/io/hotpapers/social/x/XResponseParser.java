package io.hotpapers.social.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.run.Skip;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads X API v2 search and lookup bodies: bytes in, records out. Ids are read as text, never as doubles.
 *
 * <p>A post or user that breaks what X defines (an id that is not a positive 64-bit decimal string, a count that
 * is negative, not an integer or beyond 2^63 - 1, a creation time in the future or before arXiv existed) is left
 * out and returned in {@link XPage#skipped()} with the reason; the rest of the page is read as usual.
 */
public final class XResponseParser {
    /** The arXiv's first day: no post can link a paper before it. */
    static final Instant ARXIV_START = Instant.parse("1991-08-14T00:00:00Z");
    /** How far X's clock may run ahead of ours before a creation time counts as in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** X's ids: positive decimal numbers of at most 19 digits (the range is checked on parsing). */
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
    /** X's usernames: 1 to 15 letters, digits or underscores. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,15}");
    /** Hostile values are quoted in skip reasons, shortened. */
    private static final int QUOTED_LENGTH = 40;

    private final ObjectMapper json;
    private final Clock clock;

    public XResponseParser(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** An answer of {@code /2/users}: its users in {@code data}, and the problems of ids it could not return. */
    public XPage parseUsers(byte[] body) {
        JsonNode root = root(body);
        List<Skip> skipped = new ArrayList<>();
        Map<Long, XUser> users = new HashMap<>();
        for (JsonNode node : root.path("data")) {
            try {
                XUser user = user(node);
                users.put(user.id(), user);
            } catch (Rejected e) {
                skipped.add(new Skip("x user " + e.item, e.getMessage()));
            }
        }
        return new XPage(List.of(), users, problems(root), null, null, 0, skipped);
    }

    private JsonNode root(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("X API sent malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedResponseException("X API sent an unreadable body", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("X API sent a body that is not a JSON object");
        }
        return root;
    }

    private static List<XProblem> problems(JsonNode root) {
        List<XProblem> problems = new ArrayList<>();
        for (JsonNode node : root.path("errors")) {
            String resourceId = text(node, "resource_id");
            problems.add(new XProblem(text(node, "title"), text(node, "type"), text(node, "resource_type"),
                    resourceId != null ? resourceId : text(node, "value"), text(node, "detail")));
        }
        return problems;
    }

    public XPage parse(byte[] body) {
        JsonNode root = root(body);
        Instant latestCreation = clock.instant().plus(CLOCK_SKEW);
        List<Skip> skipped = new ArrayList<>();
        List<XTweet> tweets = new ArrayList<>();
        for (JsonNode node : root.path("data")) {
            try {
                tweets.add(tweet(node, latestCreation));
            } catch (Rejected e) {
                skipped.add(new Skip("x post " + e.item, e.getMessage()));
            }
        }
        Map<Long, XUser> users = new HashMap<>();
        for (JsonNode node : root.path("includes").path("users")) {
            try {
                XUser user = user(node);
                users.put(user.id(), user);
            } catch (Rejected e) {
                skipped.add(new Skip("x user " + e.item, e.getMessage()));
            }
        }
        List<XProblem> problems = problems(root);
        JsonNode meta = root.path("meta");
        String newestId = text(meta, "newest_id");
        if (newestId != null && !isId(newestId)) {
            // a cursor X cannot take back would make every later search of these papers fail
            skipped.add(new Skip("x meta.newest_id", "newest_id is not a positive 64-bit decimal string ("
                    + quote(meta.get("newest_id")) + "); the cursor stays where it was"));
            newestId = null;
        }
        // X bills every post it sends, skipped or not
        int postsRead = root.path("data").size() + root.path("includes").path("tweets").size();
        return new XPage(tweets, users, problems, text(meta, "next_token"), newestId, postsRead, skipped);
    }

    private static XTweet tweet(JsonNode node, Instant latestCreation) {
        if (!node.isObject()) {
            throw new Rejected(quote(node), "the post is not a JSON object");
        }
        long id = id(node, "id", quote(node.get("id")));
        String item = Long.toString(id);
        long authorId = node.has("author_id") ? id(node, "author_id", item) : 0L;
        String text = text(node, "text");
        if (text == null) {
            throw new Rejected(item, "the post has no text");
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode url : node.path("entities").path("urls")) {
            String expanded = text(url, "expanded_url");
            urls.add(expanded != null ? expanded : text(url, "url"));
        }
        boolean retweet = false;
        for (JsonNode reference : node.path("referenced_tweets")) {
            retweet |= "retweeted".equals(text(reference, "type"));
        }
        return new XTweet(id, authorId, text, text(node, "lang"), createdAt(node, item, latestCreation),
                metrics(node.path("public_metrics"), item), urls, retweet);
    }

    private static XUser user(JsonNode node) {
        long id = id(node, "id", quote(node.get("id")));
        String item = Long.toString(id);
        String username = text(node, "username");
        if (username != null && !USERNAME.matcher(username).matches()) {
            // the handle goes into status URLs: one X would never issue is not trusted there
            throw new Rejected(item, "username is not 1 to 15 letters, digits or underscores ("
                    + quote(node.get("username")) + ")");
        }
        return new XUser(id, username, text(node, "name"));
    }

    private static XMetrics metrics(JsonNode metrics, String item) {
        if (metrics.isMissingNode() || metrics.isNull()) {
            return null;
        }
        if (!metrics.isObject()) {
            throw new Rejected(item, "public_metrics is not a JSON object");
        }
        // newer schema documents spell it repost_count; the wire format says retweet_count
        String retweets = metrics.has("retweet_count") || !metrics.has("repost_count") ? "retweet_count" : "repost_count";
        return new XMetrics(count(metrics, retweets, item), count(metrics, "reply_count", item),
                count(metrics, "like_count", item), count(metrics, "quote_count", item),
                optionalCount(metrics, "bookmark_count", item), optionalCount(metrics, "impression_count", item));
    }

    /** A count X always sends; one it left out reads as 0, as before. */
    private static long count(JsonNode metrics, String field, String item) {
        Long value = optionalCount(metrics, field, item);
        return value == null ? 0 : value;
    }

    /** A count as X defines it: a non-negative JSON integer within 64 bits, never a wrapped or rounded one. */
    private static Long optionalCount(JsonNode metrics, String field, String item) {
        if (!metrics.has(field)) {
            return null;
        }
        JsonNode value = metrics.get(field);
        if (!value.isIntegralNumber()) {
            throw new Rejected(item, field + " is not an integer (" + quote(value) + ")");
        }
        if (!value.canConvertToLong()) {
            throw new Rejected(item, field + " is outside 0 to 2^63 - 1 (" + quote(value) + ")");
        }
        long count = value.longValue();
        if (count < 0) {
            throw new Rejected(item, field + " is negative (" + count + ")");
        }
        return count;
    }

    private static Instant createdAt(JsonNode node, String item, Instant latest) {
        String value = text(node, "created_at");
        if (value == null) {
            return null;
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(value);
        } catch (DateTimeParseException e) {
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

    /** An id as X defines it: a positive 64-bit decimal number, as a JSON string. */
    private static long id(JsonNode node, String field, String item) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || !isId(value.asText())) {
            throw new Rejected(item, field + " is not a positive 64-bit decimal string (" + quote(value) + ")");
        }
        return Long.parseLong(value.asText());
    }

    private static boolean isId(String value) {
        if (!ID.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false; // 19 digits beyond 2^63 - 1
        }
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
        // JSON may carry U+0000, which a PostgreSQL text column refuses: one such post would fail its whole page
        return value == null || value.isNull() ? null : value.asText().replace("\u0000", "");
    }

    /** A record left out of the page: its item (id, or the quoted bad id) and the reason as the message. */
    private static final class Rejected extends RuntimeException {
        private final String item;

        Rejected(String item, String reason) {
            super(reason, null, false, false);
            this.item = item;
        }
    }
}
