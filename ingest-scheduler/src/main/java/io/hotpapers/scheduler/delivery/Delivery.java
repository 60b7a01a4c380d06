package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;

/**
 * One digest content on its way to one channel, as stored: the exact payload to send, so that every attempt, before
 * and after a restart, sends the same bytes.
 *
 * @param watchlist the watchlist whose digest this is, or "" for the daily digest
 * @param correction whether an earlier content of the same digest already went to this channel
 * @param attempts how many sends were tried before this one
 */
public record Delivery(long id, LocalDate mailingDate, String watchlist, String channel, String contentSha256,
                       boolean correction, JsonNode payload, int attempts) {
}
