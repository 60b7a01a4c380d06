package io.hotpapers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.FoundPostWriter;
import io.hotpapers.social.bluesky.stream.ActivePapers;
import io.hotpapers.social.bluesky.stream.JetstreamConsumer;
import io.hotpapers.social.bluesky.stream.JetstreamSettings;
import io.hotpapers.social.bluesky.stream.JetstreamStatus;
import io.hotpapers.social.bluesky.stream.StreamLeadership;
import io.hotpapers.social.bluesky.stream.StreamedPostMatcher;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Scenario 6: the Jetstream consumer's rate on a generated stream in the recorded event shapes (0.1 % of events
 * are posts linking a listed paper), end to end: a local WebSocket server in the same JVM sends the events as fast
 * as the socket takes them, the consumer parses, matches and stores. Run pinned to one core under -Xmx256m by
 * bench/run; reports events per second, the rate of JSON parsing alone on the same messages (a reference the
 * consumer cannot beat), peak heap and GC.
 */
final class StreamBench {
    /** Per 1000 events: 1 post linking a listed paper, 899 other posts, 60 deletes, 20 identity, 20 account. */
    private static final int PER_MILLE_OTHER_POSTS = 899;
    private static final int PER_MILLE_DELETES = 60;
    private static final int PER_MILLE_IDENTITY = 20;
    private static final int PAPERS = 1_000;
    private static final int POOL = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    void run(double scale) throws Exception {
        int events = (int) (1_000_000 * scale);
        List<String> shapes = new String(ParsingBench.fixture(
                "jetstream-v1-post-create-delete-identity-account-jetstream.jsonl"), StandardCharsets.UTF_8)
                .lines().filter(line -> !line.isBlank()).toList();
        Clock clock = Clock.systemUTC();
        long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant().minusSeconds(600));
        EventSource source = new EventSource(shapes, startUs);
        System.out.printf("stream: %,d events, of which %,d posts link a listed paper (0.1 %%); mix per 1000: 1 "
                + "linking post, %d other posts, %d deletes, %d identity, %d account (fixture shapes)%n", events,
                events / 1000, PER_MILLE_OTHER_POSTS, PER_MILLE_DELETES, PER_MILLE_IDENTITY,
                1000 - 1 - PER_MILLE_OTHER_POSTS - PER_MILLE_DELETES - PER_MILLE_IDENTITY);
        System.out.printf("stream: reference, Jackson readTree alone on the same messages: %,.0f events/s%n",
                parseRate(source));

        try (BenchDatabase bench = new BenchDatabase(); MockWebServer server = new MockWebServer()) {
            String mailing = MailingDates.today(clock).toString();
            bench.database.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                    SELECT CAST(? AS date), 'cs.LG', '2607.' || lpad(g::text, 5, '0'), 'new'
                    FROM generate_series(0, ?) g
                    """, mailing, PAPERS - 1));
            server.enqueue(new MockResponse.Builder().webSocketUpgrade(new Sender(source, events)).build());
            server.start();
            var jdbi = bench.database.jdbi();
            PostStore posts = new PostStore(jdbi, clock);
            IngestRunStore runs = new IngestRunStore(jdbi, clock, JSON);
            JetstreamConsumer consumer = new JetstreamConsumer("bluesky",
                    JetstreamSettings.defaults(server.url("/subscribe").toString()), new OkHttpClient(),
                    new FacetLinkMatcher(),
                    new ActivePapers(new PaperStore(jdbi, clock), List.of("cs.LG"), 7, clock),
                    new FoundPostWriter(posts, new SnapshotStore(jdbi), runs), new CursorStore(jdbi, clock), runs,
                    new StreamLeadership(jdbi, StreamLeadership.JETSTREAM), clock, Sleeper.SYSTEM);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long gcBefore = gcCount();
            long gcTimeBefore = gcTime();
            consumer.start();
            long first = 0;
            while (consumer.status().eventsSeen() == 0) {
                LockSupport.parkNanos(100_000); // polling a condition; the time is taken from the first event on
            }
            first = System.nanoTime();
            JetstreamStatus status;
            while ((status = consumer.status()).eventsSeen() < events || status.postsStored() < events / 1000) {
                LockSupport.parkNanos(1_000_000);
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            consumer.stop();
            long stored = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM posts WHERE source = 'bluesky'").mapTo(Long.class).one());
            System.out.printf("stream: consumer %,.0f events/s (%,d events in %.2f s; %,d posts matched, %,d stored "
                            + "once each: %,d rows; %d skipped)%n", events / seconds, status.eventsSeen(), seconds,
                    status.postsMatched(), status.postsStored(), stored, status.skipped());
            System.out.printf("stream: heap peak %d MB of max %d MB (incl. the bench's pool of %,d generated events "
                            + "and the sending server); %d GCs, %d ms in GC%n", peakHeap / (1024 * 1024),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), POOL, gcCount() - gcBefore,
                    gcTime() - gcTimeBefore);
        }
    }

    private static double parseRate(EventSource source) throws Exception {
        long end = System.nanoTime() + 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            JSON.readTree(source.event(i++));
        }
        long start = System.nanoTime();
        end = start + 3_000_000_000L;
        long count = 0;
        while (System.nanoTime() < end) {
            JSON.readTree(source.event(i++));
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /**
     * Events in the recorded shapes: a pool of distinct non-linking events, cut around their {@code time_us} so each
     * sending gets a new time cheaply; the linking posts are made fresh (each a new post).
     */
    private static final class EventSource {
        private final String[] before = new String[POOL];
        private final String[] after = new String[POOL];
        private final ObjectNode linkingShape;
        private final long startUs;

        EventSource(List<String> shapes, long startUs) throws Exception {
            this.startUs = startUs;
            this.linkingShape = (ObjectNode) JSON.readTree(shapes.get(0));
            for (int i = 0; i < POOL; i++) {
                int kind = i % 1000;
                ObjectNode event;
                if (kind < PER_MILLE_OTHER_POSTS + 1) {
                    event = (ObjectNode) JSON.readTree(shapes.get(i % 2));
                    ObjectNode commit = (ObjectNode) event.get("commit");
                    commit.put("rkey", "3mpt" + Long.toString(1_000_000_000L + i, 32));
                    ObjectNode record = (ObjectNode) commit.get("record");
                    record.put("text", record.get("text").asText() + " #" + i);
                } else if (kind < PER_MILLE_OTHER_POSTS + 1 + PER_MILLE_DELETES) {
                    event = (ObjectNode) JSON.readTree(shapes.get(2));
                } else if (kind < PER_MILLE_OTHER_POSTS + 1 + PER_MILLE_DELETES + PER_MILLE_IDENTITY) {
                    event = (ObjectNode) JSON.readTree(shapes.get(3));
                } else {
                    event = (ObjectNode) JSON.readTree(shapes.get(4));
                }
                event.put("time_us", 1111111111111111L);
                String text = JSON.writeValueAsString(event);
                int at = text.indexOf("1111111111111111");
                before[i] = text.substring(0, at);
                after[i] = text.substring(at + 16);
            }
        }

        /** The i-th event: every 1000th a new post linking a listed paper. */
        String event(int i) throws Exception {
            long timeUs = startUs + i;
            if (i % 1000 == 999) {
                ObjectNode event = linkingShape.deepCopy();
                event.put("time_us", timeUs).put("did", "did:plc:" + Long.toString(1_000_000_000_000L + i, 32)
                        .replace('0', 'a').replace('1', 'b'));
                ObjectNode commit = (ObjectNode) event.get("commit");
                commit.put("rkey", "3mq" + Long.toString(1_000_000_000L + i, 32));
                String link = "https://arxiv.org/abs/2607." + String.format("%05d", (i / 1000) % PAPERS) + "v1";
                ObjectNode record = (ObjectNode) commit.get("record");
                record.put("text", "New paper: " + link);
                ((ObjectNode) record.get("facets").get(0).get("features").get(0)).put("uri", link);
                ((ObjectNode) record.get("embed").get("external")).put("uri", link);
                return JSON.writeValueAsString(event);
            }
            int slot = i % POOL;
            return before[slot] + timeUs + after[slot];
        }
    }

    /** The server side: sends every event once the consumer connects, as fast as the socket takes them. */
    private static final class Sender extends WebSocketListener {
        private final EventSource source;
        private final int events;

        Sender(EventSource source, int events) {
            this.source = source;
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < events; i++) {
                        while (webSocket.queueSize() > 1024 * 1024) {
                            LockSupport.parkNanos(50_000); // the socket's own back-pressure
                        }
                        webSocket.send(source.event(i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-jetstream-sender");
            sender.setDaemon(true);
            sender.start();
        }
    }

    /**
     * A stand-in for the Bluesky record parser until it is merged: links from facets and the external embed,
     * resolved by the same extractor.
     */
    private static final class FacetLinkMatcher implements StreamedPostMatcher {
        private final ArxivLinkExtractor links = new ArxivLinkExtractor();

        @Override
        public Optional<FoundPost> parse(String did, String rkey, String cid, JsonNode record) {
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
            Post post = new Post("bluesky", "at://" + did + "/app.bsky.feed.post/" + rkey, did, null, null,
                    record.path("text").asText(), null, OffsetDateTime.parse(record.path("createdAt").asText())
                    .toInstant());
            return Optional.of(new FoundPost(post, ids, null));
        }
    }
}
