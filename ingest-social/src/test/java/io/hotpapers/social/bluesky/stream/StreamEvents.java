package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.testing.Fixtures;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Jetstream post events in the recorded shape (the recorded create event with its link, text and times changed). */
final class StreamEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = Fixtures.text("jetstream-v1-post-create-delete-identity-account-jetstream.jsonl")
            .lines().findFirst().orElseThrow();

    private StreamEvents() {
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** A post created at {@code timeUs} by {@code did} whose facet and external embed link {@code link}. */
    static String post(String did, String rkey, long timeUs, String link) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(TEMPLATE);
            event.put("did", did).put("time_us", timeUs);
            ObjectNode commit = (ObjectNode) event.get("commit");
            commit.put("rkey", rkey);
            ObjectNode record = (ObjectNode) commit.get("record");
            record.put("text", "Worth reading: " + link);
            record.put("createdAt", Instant.EPOCH.plus(timeUs, ChronoUnit.MICROS).minusSeconds(1).toString());
            ((ObjectNode) record.get("facets").get(0).get("features").get(0)).put("uri", link);
            ((ObjectNode) record.get("embed").get("external")).put("uri", link);
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deletion of a post. */
    static String delete(String did, String rkey, long timeUs) {
        return "{\"did\":\"" + did + "\",\"time_us\":" + timeUs + ",\"kind\":\"commit\",\"commit\":{\"rev\":"
                + "\"3mptbypuw3t2q\",\"operation\":\"delete\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\""
                + rkey + "\"}}";
    }
}
