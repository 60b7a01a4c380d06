package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.social.FoundPost;
import java.util.Optional;

/**
 * Decides whether a streamed post record links a paper and reads it into a {@link FoundPost} (the Bluesky source's
 * record parser, {@code PostRecordParser::parse}).
 */
@FunctionalInterface
public interface StreamedPostMatcher {

    /**
     * The post with the papers it links, or empty when it links none.
     *
     * @throws RuntimeException when the record has a shape the matcher cannot read (skipped with its message)
     */
    Optional<FoundPost> parse(String authorDid, String rkey, String cid, JsonNode record);
}
