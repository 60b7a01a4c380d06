package io.hotpapers.social;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Writes X API v2 bodies in the recorded wire format, for scenarios no recording covers. */
public final class XBodies {
    private XBodies() {
    }

    /** A post with public metrics and the given expanded link targets. */
    public static String tweet(long id, long authorId, String createdAt, int retweets, int likes, boolean retweet,
                               String... expandedUrls) {
        String urls = Arrays.stream(expandedUrls)
                .map(url -> "{\"start\":0,\"end\":23,\"url\":\"https://t.co/x\",\"expanded_url\":\"" + url
                        + "\",\"display_url\":\"x\"}")
                .collect(Collectors.joining(","));
        String references = retweet ? ",\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"1\"}]" : "";
        return """
                {"id":"%d","author_id":"%d","created_at":"%s","lang":"en","text":"%s paper https://t.co/x",\
                "public_metrics":{"retweet_count":%d,"reply_count":1,"like_count":%d,"quote_count":2,\
                "bookmark_count":3,"impression_count":1000},"entities":{"urls":[%s]}%s}"""
                .formatted(id, authorId, createdAt, retweet ? "RT" : "New", retweets, likes, urls, references);
    }

    /** A search or lookup page. */
    public static String page(List<String> tweets, String newestId, String nextToken, String... problems) {
        String meta = newestId == null ? "{\"result_count\":0}" : "{\"newest_id\":\"" + newestId + "\",\"result_count\":"
                + tweets.size() + (nextToken == null ? "" : ",\"next_token\":\"" + nextToken + "\"") + "}";
        String errors = problems.length == 0 ? "" : ",\"errors\":[" + String.join(",", problems) + "]";
        return "{\"data\":[" + String.join(",", tweets) + "],\"includes\":{\"users\":["
                + "{\"id\":\"11\",\"username\":\"ada\",\"name\":\"Ada <Lovelace>\"},"
                + "{\"id\":\"12\",\"username\":\"alan\",\"name\":\"Alan Turing\"}]},\"meta\":" + meta + errors + "}";
    }

    /** A search or lookup page as X sends it without author expansions: no users included. */
    public static String pageWithoutUsers(List<String> tweets, String newestId) {
        String meta = "{\"newest_id\":\"" + newestId + "\",\"result_count\":" + tweets.size() + "}";
        return "{\"data\":[" + String.join(",", tweets) + "],\"meta\":" + meta + "}";
    }

    /** A partial error saying a post is gone. */
    public static String notFound(long id) {
        return """
                {"detail":"Could not find tweet with ids: [%1$d].","title":"Not Found Error","resource_type":"tweet",\
                "parameter":"ids","value":"%1$d","type":"https://api.twitter.com/2/problems/resource-not-found"}"""
                .formatted(id);
    }
}
