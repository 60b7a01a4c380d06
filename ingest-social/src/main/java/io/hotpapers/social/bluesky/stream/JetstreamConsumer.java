package io.hotpapers.social.bluesky.stream;

import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.DaemonPart;
import io.hotpapers.social.FoundPostWriter;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Commit;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live discovery without credentials: reads new Bluesky posts from Jetstream over a WebSocket and stores those that
 * link a paper of the active window, each with a first snapshot (zero counts: the post was just created).
 *
 * <p>One node of a cluster consumes ({@link StreamLeadership}). The socket thread parses and matches each event and
 * hands matched posts to one writer thread through a bounded queue; when the queue is full the socket thread waits
 * (the server's sending slows down with it), and past {@link JetstreamSettings#enqueueTimeout()} the connection is
 * dropped and resumed later from the cursor: memory stays bounded at any rate and no event is lost unnoticed. The
 * cursor (the newest {@code time_us} whose posts are written) is saved periodically and at stop; a resume starts
 * {@link JetstreamSettings#rewind()} before it (re-sent posts are stored once), reconnects back off exponentially,
 * and a resume from beyond Jetstream's replay window is logged and recorded in {@link JetstreamGaps}.
 */
public final class JetstreamConsumer implements DaemonPart {
    /** The run job of a consuming node's tenure (its skips are stored under it). */
    public static final String JOB = "stream";
    /** The cursor's scope under the source. */
    public static final String CURSOR_SCOPE = "jetstream";
    static final String POSTS = "app.bsky.feed.post";

    private static final Logger LOG = LoggerFactory.getLogger(JetstreamConsumer.class);
    private static final Comparator<String> NUMERIC = Comparator.comparingLong(JetstreamConsumer::micros);
    private static final Duration WRITER_RETRY_MAX = Duration.ofSeconds(30);
    private static final Duration JOIN_BOUND = Duration.ofSeconds(60);

    private final String source;
    private final JetstreamSettings settings;
    private final OkHttpClient http;
    private final JetstreamEventParser parser;
    private final StreamedPostMatcher matcher;
    private final ActivePapers active;
    private final FoundPostWriter writer;
    private final CursorStore cursors;
    private final JetstreamGaps gaps;
    private final IngestRunStore runs;
    private final StreamLeadership leadership;
    private final Clock clock;
    private final Sleeper sleeper;

    private final BlockingQueue<Item> queue;
    private final LongAdder eventsSeen = new LongAdder();
    private final LongAdder postsMatched = new LongAdder();
    private final LongAdder postsStored = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder gapsRecorded = new LongAdder();
    private final AtomicLong skipsQueued = new AtomicLong();
    private volatile long lastTimeUs;
    /** The newest time_us the socket thread has fully handed over (matched posts queued). */
    private volatile long position;
    /** The newest time_us whose posts are written: what is saved as the cursor. */
    private volatile long durable;
    private volatile boolean connected;
    private volatile boolean leader;
    private volatile boolean stopping;
    private volatile Session current;

    private final Object pauseLock = new Object();
    private boolean pausing;
    private Thread supervisor;

    /**
     * @param source the source id the posts are stored under ({@code bluesky})
     * @param http the client for the WebSocket (the consumer adds its ping interval and lifts the read timeout)
     */
    public JetstreamConsumer(String source, JetstreamSettings settings, OkHttpClient http,
                             StreamedPostMatcher matcher, ActivePapers active, FoundPostWriter writer,
                             CursorStore cursors, IngestRunStore runs, StreamLeadership leadership, Clock clock,
                             Sleeper sleeper) {
        this.source = source;
        this.settings = settings;
        // a stream has no end to wait for: pings, not a read timeout, find a dead connection
        this.http = http.newBuilder().pingInterval(settings.pingInterval()).readTimeout(Duration.ZERO).build();
        this.parser = new JetstreamEventParser(clock, settings.maxEventChars());
        this.matcher = matcher;
        this.active = active;
        this.writer = writer;
        this.cursors = cursors;
        this.gaps = new JetstreamGaps(cursors, source);
        this.runs = runs;
        this.leadership = leadership;
        this.clock = clock;
        this.sleeper = sleeper;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    /**
     * The consumer as a source module builds it: the process's HTTP setup for the source, its stores, the configured
     * categories and active window, the database lock, and its figures registered in the metrics.
     *
     * @param matcher the source's record parser ({@code new PostRecordParser(new ArxivLinkExtractor())::parse})
     */
    public static JetstreamConsumer build(SourceContext context, String source, JetstreamSettings settings,
                                          StreamedPostMatcher matcher) {
        JetstreamConsumer consumer = new JetstreamConsumer(source, settings, context.http().apply(source).build(),
                matcher, new ActivePapers(context.papers(), context.config().categories(),
                        context.config().activeDays(), context.clock()),
                new FoundPostWriter(context.posts(), context.snapshots(), context.runs()), context.cursors(),
                context.runs(), new StreamLeadership(context.jdbi(), StreamLeadership.JETSTREAM), context.clock(),
                context.sleeper());
        JetstreamMetrics.register(consumer, source, context.metrics());
        return consumer;
    }

    @Override
    public String name() {
        return source + " stream";
    }

    /** Starts competing for the stream (returns at once); the node that wins consumes until {@link #stop()}. */
    @Override
    public synchronized void start() {
        if (supervisor != null) {
            return;
        }
        supervisor = new Thread(this::supervise, "jetstream-consumer");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Closes the connection, writes what is queued, saves the cursor and gives the lead up; bounded, repeatable. */
    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = supervisor;
        }
        stopping = true;
        Session session = current;
        if (session != null) {
            session.cancel();
        }
        synchronized (pauseLock) {
            if (pausing && thread != null) {
                thread.interrupt();
            }
        }
        if (thread != null && !join(thread)) {
            LOG.warn("The Jetstream consumer did not stop within {}", JOIN_BOUND);
        }
    }

    /** What the consumer has done so far. */
    public JetstreamStatus status() {
        long last = lastTimeUs;
        Instant lastTime = last == 0 ? null : instant(last);
        return new JetstreamStatus(leader, connected, eventsSeen.sum(), postsMatched.sum(), postsStored.sum(),
                skipped.sum(), stalls.sum(), reconnects.sum(), gapsRecorded.sum(), last, lastTime,
                lastTime == null ? null : Duration.between(lastTime, clock.instant()), queue.size());
    }

    private void supervise() {
        while (!stopping) {
            if (!leadership.tryAcquire()) {
                pause(settings.leadershipRetry());
                continue;
            }
            leader = true;
            boolean lost = false;
            try {
                lost = lead();
            } catch (RuntimeException e) {
                LOG.warn("The Jetstream consumer failed ({}); it tries again in {}", e.getMessage(),
                        settings.backoffMax());
                pause(settings.backoffMax());
            } finally {
                leader = false;
                leadership.release();
            }
            if (lost) {
                pause(settings.leadershipRetry()); // the node that took over keeps it
            }
        }
        LOG.info("Jetstream consumer stopped: {}", status());
    }

    /** One tenure as the consuming node: until stop or until the lock is lost (then true). */
    private boolean lead() {
        Tenure tenure = new Tenure();
        LOG.info("This node consumes Jetstream ({}){}", settings.url(), durable == 0
                ? ": no cursor stored, starting at the live tail" : " from cursor " + durable);
        String ending = null;
        try {
            int failures = 0;
            while (!stopping) {
                Session session = connect();
                if (!await(session)) {
                    ending = "this node lost the stream lock";
                    LOG.warn("Jetstream: {}; another node takes over", ending);
                    break;
                }
                if (stopping) {
                    break;
                }
                failures = session.events.get() > 0 ? 0 : failures + 1;
                Duration wait = backoff(failures);
                LOG.warn("Jetstream connection ended ({}) after {} event(s); reconnecting in {}", session.endReason,
                        session.events.get(), wait);
                reconnects.increment();
                pause(wait);
            }
        } finally {
            tenure.end(ending);
        }
        return ending != null;
    }

    private Duration backoff(int failures) {
        Duration wait = settings.backoffMin();
        for (int i = 0; i < failures && wait.compareTo(settings.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : wait;
    }

    /** Waits for the session to end; false when the lock was lost meanwhile (the session is then cancelled). */
    private boolean await(Session session) {
        try {
            while (true) {
                if (stopping) {
                    session.cancel();
                }
                if (session.ended.await(settings.leadershipCheck().toMillis(), TimeUnit.MILLISECONDS)) {
                    return true;
                }
                if (!leadership.stillHeld()) {
                    session.cancel();
                    session.ended.await(JOIN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                    return false;
                }
            }
        } catch (InterruptedException e) {
            session.cancel();
            return true;
        }
    }

    private Session connect() {
        HttpUrl.Builder url = httpUrl(settings.url()).newBuilder()
                .addQueryParameter("wantedCollections", POSTS)
                .addQueryParameter("maxMessageSizeBytes", String.valueOf(settings.maxEventChars()));
        long from = position;
        if (from > 0) {
            checkGap(from);
            long cursor = from - settings.rewind().toNanos() / 1_000;
            url.addQueryParameter("cursor", String.valueOf(cursor));
        }
        Session session = new Session();
        current = session;
        session.socket = http.newWebSocket(new Request.Builder().url(url.build()).build(), session);
        return session;
    }

    /** Says when the resume point is older than Jetstream replays, and records the span lost for the search. */
    private void checkGap(long fromUs) {
        long nowUs = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long windowUs = settings.replayWindow().toNanos() / 1_000;
        if (nowUs - fromUs <= windowUs) {
            return;
        }
        JetstreamGaps.Gap lost = new JetstreamGaps.Gap(fromUs, nowUs - windowUs);
        gapsRecorded.increment();
        try {
            JetstreamGaps.Gap open = gaps.record(lost);
            LOG.warn("Jetstream resumes from {}, longer ago than its replay window of {}: posts from {} to {} are "
                    + "lost to the stream; recorded for the Bluesky search to fill (open span {} to {}), which "
                    + "needs BLUESKY_HANDLE and BLUESKY_APP_PASSWORD", lost.from(), settings.replayWindow(),
                    lost.from(), lost.to(), open.from(), open.to());
        } catch (RuntimeException e) {
            LOG.warn("Jetstream resumes from {}, longer ago than its replay window of {}: posts from {} to {} are "
                    + "lost to the stream, and the gap could not be recorded ({})", lost.from(),
                    settings.replayWindow(), lost.from(), lost.to(), e.getMessage());
        }
    }

    /** Waits (interrupted by stop) between attempts. */
    private void pause(Duration wait) {
        synchronized (pauseLock) {
            if (stopping) {
                return;
            }
            pausing = true;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            LOG.debug("Jetstream wait cut short by stop");
        } finally {
            synchronized (pauseLock) {
                pausing = false;
            }
            Thread.interrupted(); // an interrupt belongs to the wait only
        }
    }

    // ---- the socket thread ----

    private void handle(String message, Session session) {
        eventsSeen.increment();
        session.events.incrementAndGet();
        JetstreamEvent event;
        try {
            event = parser.parse(message);
        } catch (JetstreamEventException e) {
            // an event without a readable identity is told apart by its place in the stream
            String item = e.item().startsWith("at://") ? e.item() : e.item() + " #" + eventsSeen.sum();
            skip(item, e.getMessage(), session);
            return;
        }
        long timeUs = event.timeUs();
        if (timeUs > lastTimeUs) {
            lastTimeUs = timeUs;
        }
        if (event instanceof Commit commit && commit.operation() == Operation.CREATE
                && POSTS.equals(commit.collection())) {
            Optional<FoundPost> found;
            try {
                found = matcher.parse(commit.did(), commit.rkey(), commit.cid(), commit.record());
            } catch (RuntimeException e) {
                if (!skip(commit.uri(), String.valueOf(e.getMessage()), session)) {
                    return;
                }
                advance(timeUs);
                return;
            }
            if (found.isPresent()) {
                postsMatched.increment();
                if (!enqueue(new Match(found.get(), timeUs), session)) {
                    return;
                }
            }
        }
        advance(timeUs);
    }

    private void advance(long timeUs) {
        if (timeUs > position) {
            position = timeUs; // only this thread writes it, after the event's posts are queued
        }
    }

    /** Counts a skip and queues it for storage while under the run's bound; false when the session was dropped. */
    private boolean skip(String item, String reason, Session session) {
        skipped.increment();
        LOG.debug("Jetstream event skipped: {}: {}", item, reason);
        long queued = skipsQueued.incrementAndGet();
        if (queued > settings.maxStoredSkips()) {
            if (queued == settings.maxStoredSkips() + 1L) {
                LOG.warn("Jetstream: {} skipped events stored for this run; further skips are only counted",
                        settings.maxStoredSkips());
            }
            return true;
        }
        return enqueue(new Skipped(new Skip(UntrustedText.line(item, 300), UntrustedText.line(reason, 300))),
                session);
    }

    /** Queues an item, waiting while the writer is behind; false when it stayed behind and the session was dropped. */
    private boolean enqueue(Item item, Session session) {
        try {
            if (queue.offer(item, settings.enqueueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping) {
            stalls.increment();
            LOG.warn("Jetstream: the database writer stayed {} behind ({} items queued); closing the connection to "
                    + "resume from the cursor", settings.enqueueTimeout(), queue.size());
        }
        session.abandon("the writer fell behind");
        return false;
    }

    // ---- the writer ----

    private sealed interface Item permits Match, Skipped {
    }

    private record Match(FoundPost found, long timeUs) implements Item {
    }

    private record Skipped(Skip skip) implements Item {
    }

    /** A node's time as the consumer: its run, its writer thread, its cursor. */
    private final class Tenure {
        private final long runId;
        private final Thread thread;
        private final long[] startCounts = counts();
        private volatile boolean running = true;
        /** Set when a batch could not be written: the cursor stays where it was, so those posts are read again. */
        private volatile boolean frozen;
        private long saved;
        private Instant lastSave;

        Tenure() {
            long stored = storedCursor();
            durable = Math.max(durable, stored);
            position = Math.max(position, durable);
            saved = stored;
            lastSave = clock.instant();
            skipsQueued.set(0);
            runId = runs.start(JOB, source + " " + CURSOR_SCOPE);
            thread = new Thread(this::write, "jetstream-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void write() {
            List<Item> batch = new ArrayList<>(settings.batchSize());
            while (true) {
                try {
                    Item first = queue.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, settings.batchSize() - 1);
                    }
                } catch (InterruptedException e) {
                    running = false;
                }
                if (!batch.isEmpty()) {
                    store(batch);
                    batch.clear();
                }
                // read before looking at the queue: every post handed over up to here has been written when it is empty
                long handedOver = position;
                if (queue.isEmpty() && !frozen && handedOver > durable) {
                    durable = handedOver;
                }
                saveCursor(false);
                if (!running && queue.isEmpty()) {
                    return;
                }
            }
        }

        private void store(List<Item> batch) {
            Duration wait = settings.backoffMin();
            while (true) {
                try {
                    write(batch);
                    return;
                } catch (RuntimeException e) {
                    if (!running || stopping) {
                        frozen = true;
                        LOG.warn("Jetstream: {} queued item(s) could not be written ({}); the cursor stays before "
                                + "them, so the next start reads them again", batch.size(), e.getMessage());
                        return;
                    }
                    LOG.warn("Jetstream: writing {} item(s) failed ({}); trying again in {}", batch.size(),
                            e.getMessage(), wait);
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException interrupted) {
                        running = false;
                    }
                    wait = wait.multipliedBy(2).compareTo(WRITER_RETRY_MAX) > 0 ? WRITER_RETRY_MAX
                            : wait.multipliedBy(2);
                }
            }
        }

        private void write(List<Item> batch) {
            Set<String> linked = new HashSet<>();
            List<Skip> skips = new ArrayList<>();
            long newest = 0;
            for (Item item : batch) {
                if (item instanceof Match match) {
                    linked.addAll(match.found().arxivIds());
                    newest = Math.max(newest, match.timeUs());
                } else if (item instanceof Skipped skip) {
                    skips.add(skip.skip());
                }
            }
            Set<String> inWindow = active.among(linked);
            List<FoundPost> found = new ArrayList<>();
            for (Item item : batch) {
                if (item instanceof Match match) {
                    Set<String> ids = new HashSet<>(match.found().arxivIds());
                    ids.retainAll(inWindow);
                    if (!ids.isEmpty()) {
                        found.add(firstSeen(match.found(), ids, match.timeUs()));
                    }
                }
            }
            FoundPostWriter.Stored stored = writer.store(source, found, skips, runId);
            postsStored.add(stored.posts());
            if (!frozen && newest > durable) {
                durable = newest;
            }
        }

        private void saveCursor(boolean now) {
            long cursor = durable;
            if (cursor <= saved
                    || (!now && clock.instant().isBefore(lastSave.plus(settings.cursorSaveInterval())))) {
                return;
            }
            try {
                cursors.advance(source, Map.of(CURSOR_SCOPE, String.valueOf(cursor)), NUMERIC);
                saved = cursor;
                lastSave = clock.instant();
            } catch (RuntimeException e) {
                LOG.warn("Jetstream: the cursor could not be saved ({}); trying again", e.getMessage());
                lastSave = clock.instant();
            }
        }

        /** Writes what is queued, saves the cursor and closes the run. */
        void end(String lost) {
            running = false;
            if (!join(thread)) {
                LOG.warn("Jetstream: the writer did not finish within {}; {} item(s) left queued", JOIN_BOUND,
                        queue.size());
            }
            saveCursor(true);
            long[] end = counts();
            Map<String, Long> counts = new LinkedHashMap<>();
            String[] names = {"events", "posts_matched", "posts_stored", "skipped", "stalls", "reconnects", "gaps"};
            for (int i = 0; i < names.length; i++) {
                counts.put(names[i], end[i] - startCounts[i]);
            }
            counts.put("cursor", durable);
            try {
                if (lost == null) {
                    runs.succeed(runId, counts);
                } else {
                    runs.interrupt(runId, counts, lost);
                }
            } catch (RuntimeException e) {
                LOG.warn("Jetstream: the run could not be closed ({})", e.getMessage());
            }
            LOG.info("Jetstream consumption ended: {} event(s), {} post(s) stored, cursor {}", counts.get("events"),
                    counts.get("posts_stored"), durable);
        }
    }

    private long[] counts() {
        return new long[] {eventsSeen.sum(), postsMatched.sum(), postsStored.sum(), skipped.sum(), stalls.sum(),
                reconnects.sum(), gapsRecorded.sum()};
    }

    /** The post with the papers of the window it links and a snapshot of zero counts at the time it was streamed. */
    private static FoundPost firstSeen(FoundPost found, Set<String> arxivIds, long timeUs) {
        Post post = found.post();
        // at Jetstream's time, not ours: a re-sent event gives the same snapshot, stored once
        PostSnapshot first = new PostSnapshot(post.source(), post.postId(), instant(timeUs), 0, 0, 0, 0, null, null);
        return new FoundPost(post, arxivIds, first);
    }

    private long storedCursor() {
        String text = cursors.cursors(source, List.of(CURSOR_SCOPE)).get(CURSOR_SCOPE);
        if (text == null) {
            return 0;
        }
        long cursor = micros(text);
        if (cursor <= 0) {
            LOG.warn("Jetstream: the stored cursor '{}' is not a time in microseconds; starting at the live tail",
                    UntrustedText.line(text, 40));
            return 0;
        }
        return cursor;
    }

    private static long micros(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static Instant instant(long timeUs) {
        return Instant.EPOCH.plus(timeUs, ChronoUnit.MICROS);
    }

    /** OkHttp builds WebSocket requests from http(s) URLs; ws(s) are the same endpoints. */
    private static HttpUrl httpUrl(String url) {
        String http = url.startsWith("wss://") ? "https://" + url.substring(6)
                : url.startsWith("ws://") ? "http://" + url.substring(5) : url;
        return HttpUrl.get(http);
    }

    private static boolean join(Thread thread) {
        try {
            thread.join(JOIN_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** One connection. */
    private final class Session extends WebSocketListener {
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicLong events = new AtomicLong();
        volatile WebSocket socket;
        volatile boolean abandoned;
        volatile String endReason = "unknown";

        void cancel() {
            abandoned = true;
            WebSocket open = socket;
            if (open != null) {
                open.cancel();
            }
        }

        void abandon(String why) {
            if (!abandoned) {
                endReason = why;
            }
            cancel();
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            connected = true;
            LOG.info("Jetstream connected: {}", response.request().url());
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (!abandoned) {
                handle(text, this);
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            if (!abandoned) {
                eventsSeen.increment();
                events.incrementAndGet();
                skip("jetstream event #" + eventsSeen.sum(), "binary message of " + bytes.size()
                        + " bytes (compressed?)", this);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            end("closed by the server: " + code + " " + UntrustedText.line(reason, 120));
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            end("closed: " + code);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            end(response != null && !response.isSuccessful() && response.code() != 101
                    ? "HTTP " + response.code() : UntrustedText.line(String.valueOf(failure), 200));
        }

        private void end(String reason) {
            connected = false;
            if (ended.getCount() > 0 && !abandoned) {
                endReason = reason;
            }
            ended.countDown();
        }
    }
}
