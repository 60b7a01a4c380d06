package io.hotpapers.social.bluesky;

import io.hotpapers.core.run.Skip;

/**
 * A Bluesky post or record in a shape hotpapers cannot read (a bad DID, rkey, cid, date or length): the one record
 * is skipped with {@link #skip()} as its stored reason, never the rest of the page or stream.
 */
public final class BlueskyRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String item;

    /**
     * @param item what was skipped, as stored ({@code bluesky post at://…}); made only of validated or quoted parts
     * @param reason why, in a sentence quoting the bad value shortened and printable
     */
    public BlueskyRecordException(String item, String reason) {
        super(reason, null, false, false);
        this.item = item;
    }

    /** The record's item name as stored with the skip. */
    public String item() {
        return item;
    }

    /** The skip to store: the item and the reason. */
    public Skip skip() {
        return new Skip(item, getMessage());
    }
}
