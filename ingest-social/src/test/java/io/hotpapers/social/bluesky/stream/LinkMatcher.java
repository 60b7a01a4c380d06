package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.post.Post;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.FoundPost;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A test stand-in for the Bluesky record parser: links from facets and the external embed only. */
final class LinkMatcher implements StreamedPostMatcher {
    private final ArxivLinkExtractor links = new ArxivLinkExtractor();

    @Override
    public Optional<FoundPost> parse(String authorDid, String rkey, String cid, JsonNode record) {
        List<String> uris = new ArrayList<>();
        for (JsonNode facet : record.path("facets")) {
            for (JsonNode feature : facet.path("features")) {
                if ("app.bsky.richtext.facet#link".equals(feature.path("$type").asText())) {
                    uris.add(feature.path("uri").asText());
                }
            }
        }
        uris.add(record.path("embed").path("external").path("uri").asText());
        Set<String> ids = links.paperIds(uris);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        if (!record.path("text").isTextual()) {
            throw new IllegalArgumentException("post without text");
        }
        Post post = new Post("bluesky", "at://" + authorDid + "/app.bsky.feed.post/" + rkey, authorDid, null, null,
                record.path("text").asText(), record.path("langs").path(0).asText(null),
                OffsetDateTime.parse(record.path("createdAt").asText()).toInstant());
        return Optional.of(new FoundPost(post, ids, null));
    }
}
