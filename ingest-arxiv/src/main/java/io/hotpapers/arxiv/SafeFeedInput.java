package io.hotpapers.arxiv;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import io.hotpapers.core.http.MalformedResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads an untrusted feed body with Rome: UTF-8 (arXiv's encoding), no XML healing, and DOCTYPEs refused,
 * so no DTD or external entity is ever loaded.
 */
final class SafeFeedInput {
    private SafeFeedInput() {
    }

    /** The body as a feed of the expected type, or a {@link MalformedResponseException} naming the source. */
    static <T extends WireFeed> T read(byte[] body, Class<T> type, String source) {
        WireFeedInput input = new WireFeedInput(false, Locale.ROOT);
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(false);
        WireFeed wire;
        try {
            wire = input.build(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        } catch (FeedException | IllegalArgumentException e) {
            throw new MalformedResponseException(source + " sent an unreadable feed: " + e.getMessage(), e);
        }
        if (!type.isInstance(wire)) {
            throw new MalformedResponseException(source + " sent a " + wire.getFeedType() + " feed, not the "
                    + type.getSimpleName() + " expected");
        }
        return type.cast(wire);
    }
}
