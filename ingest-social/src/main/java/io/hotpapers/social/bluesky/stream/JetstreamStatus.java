package io.hotpapers.social.bluesky.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * What the Jetstream consumer has done since it started, for {@code /metrics} and {@code status}.
 *
 * @param leader whether this node holds the consumer's database lock (only the leader reads the stream)
 * @param connected whether the WebSocket is open now
 * @param eventsSeen events read from the stream (every kind)
 * @param postsMatched created posts that link a paper (in the active window or not)
 * @param postsStored matched posts of papers in the active window written to the database (re-sent ones count
 *     again: writes are idempotent)
 * @param skipped events or records skipped as unreadable (each with a reason; the first ones stored)
 * @param stalls times the writer fell behind and the connection was closed to resume from the cursor later
 * @param reconnects connections opened after the first one
 * @param gaps times the consumer resumed later than the replay window allows, so events were lost (recorded for
 *     the search to fill)
 * @param lastTimeUs the time of the newest event read (unix microseconds), or 0 before the first
 * @param lastEventTime the same as an instant, or {@code null}
 * @param lag how far the newest event read is behind the clock, or {@code null} before the first
 * @param queued events waiting for the writer
 */
public record JetstreamStatus(boolean leader, boolean connected, long eventsSeen, long postsMatched,
                              long postsStored, long skipped, long stalls, long reconnects, long gaps,
                              long lastTimeUs, Instant lastEventTime, Duration lag, int queued) {
}
