package io.hotpapers.social.bluesky.stream;

import io.hotpapers.core.post.CursorStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The span of time the live stream missed (the consumer resumed later than Jetstream can replay), kept as one
 * cursor row for the Bluesky search to fill when credentials exist: source {@code bluesky}, scope
 * {@value #SCOPE}, cursor {@code open <fromUs> <toUs>} while unfilled and {@code filled <toUs>} once searched.
 * A second gap before the first is filled widens the open span to cover both (searching a covered stretch again
 * only finds posts already stored).
 */
public final class JetstreamGaps {
    public static final String SCOPE = "jetstream-gap";

    /** A span the stream missed, in Jetstream's time (microseconds). */
    public record Gap(long fromUs, long toUs) {
        public Instant from() {
            return Instant.EPOCH.plus(fromUs, ChronoUnit.MICROS);
        }

        public Instant to() {
            return Instant.EPOCH.plus(toUs, ChronoUnit.MICROS);
        }
    }

    /** Later ends first; at the same end, filled after open: the stored row only ever moves forward. */
    static final Comparator<String> ORDER = Comparator.comparingLong(JetstreamGaps::end)
            .thenComparing(cursor -> cursor.startsWith("filled"));

    private final CursorStore cursors;
    private final String source;

    public JetstreamGaps(CursorStore cursors, String source) {
        this.cursors = cursors;
        this.source = source;
    }

    /** The span not yet filled by a search, if any. */
    public Optional<Gap> open() {
        String cursor = cursors.cursors(source, List.of(SCOPE)).get(SCOPE);
        if (cursor == null || !cursor.startsWith("open ")) {
            return Optional.empty();
        }
        String[] parts = cursor.split(" ");
        return Optional.of(new Gap(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
    }

    /** Records that the stream missed the span (joined with an open one). */
    public Gap record(Gap gap) {
        Gap joined = open().map(old -> new Gap(Math.min(old.fromUs(), gap.fromUs()), Math.max(old.toUs(), gap.toUs())))
                .orElse(gap);
        cursors.advance(source, Map.of(SCOPE, "open " + joined.fromUs() + " " + joined.toUs()), ORDER);
        return joined;
    }

    /** Records that a search covered the span: it is no longer open (unless a later gap was recorded since). */
    public void markFilled(Gap gap) {
        cursors.advance(source, Map.of(SCOPE, "filled " + gap.toUs()), ORDER);
    }

    private static long end(String cursor) {
        String[] parts = cursor.split(" ");
        return Long.parseLong(parts[parts.length - 1]);
    }
}
