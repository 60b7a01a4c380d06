package io.hotpapers.social.bluesky;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Bluesky bodies in the recorded shapes (see the fixtures), built field by field for the cases the recordings lack. */
final class BlueskyBodies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DID = "did:plc:ic6zqvuw5ulmfpjiwnhsr2ns";
    static final String CID = "bafyreifk6pyilxkm7vcingnkdbzueaftqg54i3al4zbh5p3jy3pryfkc3a";

    private BlueskyBodies() {
    }

    static String uri(String did, String rkey) {
        return "at://" + did + "/app.bsky.feed.post/" + rkey;
    }

    /** A post record with a link facet to the link (when not null). */
    static ObjectNode record(String text, String createdAt, String link) {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.feed.post").put("createdAt", createdAt)
                .put("text", text);
        record.putArray("langs").add("en");
        if (link != null) {
            ObjectNode facet = record.putArray("facets").addObject();
            facet.putObject("index").put("byteStart", 0).put("byteEnd", 10);
            facet.putArray("features").addObject().put("$type", "app.bsky.richtext.facet#link").put("uri", link);
        }
        return record;
    }

    /** A post view as getPosts and searchPosts send it. */
    static ObjectNode view(String did, String rkey, String handle, ObjectNode record, long likes, long reposts) {
        ObjectNode view = JSON.createObjectNode().put("uri", uri(did, rkey)).put("cid", CID);
        ObjectNode author = view.putObject("author").put("did", did).put("handle", handle)
                .put("displayName", "Name of " + handle);
        author.putArray("labels");
        view.set("record", record);
        view.put("replyCount", 1).put("repostCount", reposts).put("likeCount", likes).put("quoteCount", 2)
                .put("indexedAt", record.path("createdAt").asText());
        view.putArray("labels");
        return view;
    }

    /** The author of the view labels the account as a bot (the profile's self-label). */
    static ObjectNode bot(ObjectNode view) {
        String did = view.path("author").path("did").asText();
        ((ArrayNode) view.path("author").path("labels")).addObject().put("src", did)
                .put("uri", "at://" + did + "/app.bsky.actor.profile/self").put("val", "bot")
                .put("cts", "2024-01-01T00:00:00.000Z");
        return view;
    }

    /** The view quotes another post (app.bsky.embed.record#view with its view record). */
    static ObjectNode quoting(ObjectNode view, ObjectNode quotedView) {
        ObjectNode viewRecord = JSON.createObjectNode().put("$type", "app.bsky.embed.record#viewRecord")
                .put("uri", quotedView.path("uri").asText()).put("cid", CID);
        viewRecord.set("author", quotedView.get("author"));
        viewRecord.set("value", quotedView.get("record"));
        viewRecord.put("indexedAt", quotedView.path("indexedAt").asText());
        ObjectNode embed = view.putObject("embed").put("$type", "app.bsky.embed.record#view");
        embed.set("record", viewRecord);
        return view;
    }

    static String page(List<ObjectNode> views, String cursor) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode posts = root.putArray("posts");
        views.forEach(posts::add);
        if (cursor != null) {
            root.put("cursor", cursor);
        }
        return root.toString();
    }

    /** A createSession / refreshSession answer whose access token expires at the given epoch second. */
    static String session(String accessName, long accessExpiry, String refreshName) {
        return JSON.createObjectNode().put("did", DID).put("handle", "hotpapers.bsky.social")
                .put("accessJwt", jwt(accessName, accessExpiry)).put("refreshJwt", jwt(refreshName, accessExpiry + 86_400))
                .put("active", true).toString();
    }

    static String jwt(String name, long expiry) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"scope\":\"com.atproto.appPass\",\"sub\":\"" + DID + "\",\"exp\":" + expiry
                        + ",\"jti\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
