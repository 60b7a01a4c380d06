package io.hotpapers.social.bluesky.stream;

/**
 * A Jetstream event hotpapers cannot read (malformed, oversized, out of bounds): it is skipped with the reason,
 * never stops the stream.
 */
public final class JetstreamEventException extends RuntimeException {
    private final String item;

    /**
     * @param item what the event was about, as far as known (an AT URI, or the event's time), for the skip record
     * @param reason why it was skipped
     */
    public JetstreamEventException(String item, String reason) {
        super(reason, null, false, false);
        this.item = item;
    }

    /** What the event was about, as far as it could be read. */
    public String item() {
        return item;
    }
}
