package io.hotpapers.social.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads X API v2 search and lookup bodies: bytes in, records out. Ids are read as text, never as doubles. */
public final class XResponseParser {
    private final ObjectMapper json;

    public XResponseParser(ObjectMapper json) {
        this.json = json;
    }

    public XPage parse(byte[] body) {
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
        List<XTweet> tweets = new ArrayList<>();
        for (JsonNode node : root.path("data")) {
            tweets.add(tweet(node));
        }
        Map<Long, XUser> users = new HashMap<>();
        for (JsonNode node : root.path("includes").path("users")) {
            XUser user = new XUser(id(node, "id"), text(node, "username"), text(node, "name"));
            users.put(user.id(), user);
        }
        List<XProblem> problems = new ArrayList<>();
        for (JsonNode node : root.path("errors")) {
            String resourceId = text(node, "resource_id");
            problems.add(new XProblem(text(node, "title"), text(node, "type"), text(node, "resource_type"),
                    resourceId != null ? resourceId : text(node, "value"), text(node, "detail")));
        }
        JsonNode meta = root.path("meta");
        int postsRead = tweets.size() + root.path("includes").path("tweets").size();
        return new XPage(tweets, users, problems, text(meta, "next_token"), text(meta, "newest_id"), postsRead);
    }

    private static XTweet tweet(JsonNode node) {
        List<String> urls = new ArrayList<>();
        for (JsonNode url : node.path("entities").path("urls")) {
            String expanded = text(url, "expanded_url");
            urls.add(expanded != null ? expanded : text(url, "url"));
        }
        boolean retweet = false;
        for (JsonNode reference : node.path("referenced_tweets")) {
            retweet |= "retweeted".equals(text(reference, "type"));
        }
        String text = text(node, "text");
        if (text == null) {
            throw new MalformedResponseException("X API sent post " + text(node, "id") + " without text");
        }
        return new XTweet(id(node, "id"), node.hasNonNull("author_id") ? id(node, "author_id") : 0L, text,
                text(node, "lang"), createdAt(node), metrics(node.path("public_metrics")), urls, retweet);
    }

    private static XMetrics metrics(JsonNode metrics) {
        if (metrics.isMissingNode() || metrics.isNull()) {
            return null;
        }
        // newer schema documents spell it repost_count; the wire format says retweet_count
        JsonNode retweets = metrics.has("retweet_count") ? metrics.get("retweet_count") : metrics.path("repost_count");
        return new XMetrics(retweets.asInt(0), metrics.path("reply_count").asInt(0), metrics.path("like_count").asInt(0),
                metrics.path("quote_count").asInt(0),
                metrics.has("bookmark_count") ? metrics.get("bookmark_count").asInt() : null,
                metrics.has("impression_count") ? metrics.get("impression_count").asLong() : null);
    }

    private static Instant createdAt(JsonNode node) {
        String value = text(node, "created_at");
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedResponseException("X API sent an unreadable created_at: " + value, e);
        }
    }

    private static long id(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("X API sent a non-numeric " + field + ": " + value, e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
