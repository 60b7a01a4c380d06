package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A stand-in for Jetstream on MockWebServer's WebSocket upgrade: it keeps a log of events and, like the service,
 * replays those at or after a connection's {@code cursor} before sending new ones live; without a cursor a
 * connection gets only what is published after it opened.
 */
final class FakeJetstream extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> log = new ArrayList<>();
    private final List<HttpUrl> connections = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean down;
    private WebSocket live;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        connections.add(url);
        userAgents.add(String.valueOf(request.getHeaders().get("User-Agent")));
        if (down) {
            return new MockResponse.Builder().code(503).body("upstream unavailable").build();
        }
        String cursor = url.queryParameter("cursor");
        return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                synchronized (FakeJetstream.this) {
                    if (cursor != null) {
                        long from = Long.parseLong(cursor);
                        log.stream().filter(event -> timeUs(event) >= from).forEach(webSocket::send);
                    }
                    live = webSocket;
                }
                opened.incrementAndGet();
            }
        }).build();
    }

    /** Adds events to the log and sends them to the open connection, if any. */
    synchronized void publish(String... events) {
        for (String event : events) {
            log.add(event);
            if (live != null) {
                live.send(event);
            }
        }
    }

    /** Adds events to the log only (they happen while nobody is connected). */
    synchronized void append(String... events) {
        log.addAll(List.of(events));
    }

    /** Sends a message that is not in the log (hostile, malformed). */
    synchronized void sendRaw(String message) {
        live.send(message);
    }

    /** Ends the open connection mid-stream, as a Jetstream instance going down does (close code 1011). */
    synchronized void drop() {
        live.close(1011, "server restarting");
        live = null;
    }

    /** How many connections the server has opened (and replayed to) so far. */
    int opened() {
        return opened.get();
    }

    /** While down, every connection attempt is answered 503. */
    void down(boolean down) {
        this.down = down;
    }

    /** The User-Agent of every connection attempt so far. */
    List<String> userAgents() {
        return userAgents;
    }

    /** The URL of every connection attempt so far. */
    List<HttpUrl> connections() {
        return connections;
    }

    private static long timeUs(String event) {
        try {
            return JSON.readTree(event).path("time_us").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
