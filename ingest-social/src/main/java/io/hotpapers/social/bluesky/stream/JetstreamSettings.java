package io.hotpapers.social.bluesky.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Jetstream consumer connects, resumes and bounds its memory.
 *
 * @param url the subscribe endpoint ({@code BLUESKY_JETSTREAM_URL}), {@code wss://…/subscribe}
 * @param rewind how far before the last event seen a resumed connection starts, so events Jetstream delivers out
 *     of time order are not missed (re-sent events are stored idempotently)
 * @param replayWindow how far back Jetstream can replay (36 h for the v1 service, see the API notes): a resume
 *     from further back has lost events, and says so
 * @param queueCapacity how many matched posts (and skips) may wait for the database writer; when full the socket
 *     reader waits (back-pressure) up to {@code enqueueTimeout}, then drops the connection to resume from the cursor
 * @param batchSize the most posts written in one transaction
 * @param flushInterval the longest a matched post waits before it is written
 * @param cursorSaveInterval how often the cursor is persisted while consuming (and always at stop)
 * @param leadershipRetry how often a node that is not the consumer tries to become it
 * @param leadershipCheck how often the consumer checks that it still holds its database lock
 * @param backoffMin the first wait before reconnecting; doubled per failed attempt up to {@code backoffMax}
 * @param maxEventChars the largest event read (larger ones are skipped; also sent as {@code maxMessageSizeBytes})
 * @param maxStoredSkips how many skipped events per consuming run are stored with their reason (the rest counted)
 * @param pingInterval how often the socket is pinged: a silent, dead connection fails after one missed pong
 */
public record JetstreamSettings(String url, Duration rewind, Duration replayWindow, int queueCapacity,
                                int batchSize, Duration flushInterval, Duration enqueueTimeout,
                                Duration cursorSaveInterval, Duration leadershipRetry, Duration leadershipCheck,
                                Duration backoffMin, Duration backoffMax, int maxEventChars, int maxStoredSkips,
                                Duration pingInterval) {
    /** The public service hotpapers reads by default. */
    public static final String DEFAULT_URL = "wss://jetstream2.us-east.bsky.network/subscribe";

    public JetstreamSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("wss://") && !url.startsWith("ws://") && !url.startsWith("https://")
                && !url.startsWith("http://")) {
            throw new IllegalArgumentException("Jetstream URL must be ws(s):// or http(s)://: " + url);
        }
        if (queueCapacity < 1 || batchSize < 1 || maxEventChars < 1024 || maxStoredSkips < 0) {
            throw new IllegalArgumentException("Jetstream bounds must be positive");
        }
    }

    /** The defaults, at the given URL. */
    public static JetstreamSettings defaults(String url) {
        return new JetstreamSettings(url, Duration.ofSeconds(5), Duration.ofHours(36), 1_000, 200,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5),
                JetstreamEventParser.DEFAULT_MAX_EVENT_CHARS, 1_000, Duration.ofSeconds(30));
    }
}
