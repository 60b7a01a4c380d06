package io.hotpapers.social.bluesky.stream;

import static io.hotpapers.social.bluesky.stream.StreamEvents.micros;
import static io.hotpapers.social.bluesky.stream.StreamEvents.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.ResponseSizeLimit;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.social.DaemonPart;
import io.hotpapers.social.SourceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.FoundPostWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer against a local WebSocket server replaying like Jetstream, on the real database: resume after a
 * dropped connection and after a restart, gaps beyond the replay window, hostile events, a writer that falls
 * behind, and leadership between two consumers.
 */
class JetstreamConsumerTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-07-04T15:00:00Z");
    private static final LocalDate MAILING = LocalDate.parse("2026-07-03");
    private static final String ALICE = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String LISTED = "https://arxiv.org/abs/2607.00001v2";
    private static final String ALSO_LISTED = "https://huggingface.co/papers/2607.00002";
    private static final String NOT_LISTED = "https://arxiv.org/abs/2001.00001";
    private static final String ELSEWHERE = "https://www.youtube.com/watch?v=V5lDo-jw8mA";
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(NOW);
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final FakeJetstream jetstream = new FakeJetstream();
    private final MockWebServer server = new MockWebServer();
    private final List<JetstreamConsumer> consumers = new ArrayList<>();
    private PostStore posts;
    private SnapshotStore snapshots;
    private CursorStore cursors;
    private IngestRunStore runs;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE discovery_cursors"));
        server.setDispatcher(jetstream);
        server.start();
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(MAILING, "cs.LG", "2607.00001", AnnounceType.NEW),
                new Listing(MAILING, "cs.LG", "2607.00002", AnnounceType.NEW)));
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        cursors = new CursorStore(postgres.jdbi(), clock);
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
    }

    @AfterEach
    void tearDown() {
        consumers.forEach(JetstreamConsumer::stop);
        server.close();
    }

    private JetstreamSettings settings() {
        return new JetstreamSettings(server.url("/subscribe").toString(), Duration.ofSeconds(5),
                Duration.ofHours(36), 100, 50, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(5),
                JetstreamEventParser.DEFAULT_MAX_EVENT_CHARS, 1_000, Duration.ofSeconds(30));
    }

    private JetstreamConsumer consumer(JetstreamSettings settings, Sleeper sleeper) {
        JetstreamConsumer consumer = new JetstreamConsumer("bluesky", settings, new OkHttpClient(),
                new LinkMatcher(), new ActivePapers(new PaperStore(postgres.jdbi(), clock), List.of("cs.LG"), 7, clock),
                new FoundPostWriter(posts, snapshots, runs), cursors, runs,
                new StreamLeadership(postgres.jdbi(), StreamLeadership.JETSTREAM), clock, sleeper);
        consumers.add(consumer);
        return consumer;
    }

    private static long at(int second) {
        return micros(NOW.minusSeconds(60).plusSeconds(second));
    }

    private static String uri(String did, String rkey) {
        return "at://" + did + "/app.bsky.feed.post/" + rkey;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private long storedPosts() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM posts WHERE source = 'bluesky'").mapTo(Long.class).one());
    }

    private String storedCursor() {
        return cursors.cursors("bluesky", List.of(JetstreamConsumer.CURSOR_SCOPE)).get(JetstreamConsumer.CURSOR_SCOPE);
    }

    @Test
    void resumesFromTheCursorAfterADroppedConnectionAndStoresEachPostOnce() {
        JetstreamConsumer consumer = consumer(settings(), sleeper);
        consumer.start();
        await("first connection", () -> jetstream.opened() == 1);
        assertThat(jetstream.connections().get(0).queryParameter("cursor")).isNull(); // no cursor yet: live tail
        assertThat(jetstream.connections().get(0).queryParameter("wantedCollections")).isEqualTo("app.bsky.feed.post");

        jetstream.publish(post(ALICE, "3a1", at(0), LISTED), post(BOB, "3b1", at(2), ELSEWHERE),
                post(BOB, "3b2", at(3), ALSO_LISTED), post(ALICE, "3a2", at(4), NOT_LISTED),
                StreamEvents.delete(ALICE, "3zz", at(5)), post(ALICE, "3a3", at(6), LISTED));
        await("six events read", () -> consumer.status().eventsSeen() == 6);
        await("three posts stored", () -> storedPosts() == 3);

        // two more posts reach the service's log (one out of time order), then the connection drops before they
        // were sent
        jetstream.append(post(BOB, "3b3", at(9), LISTED), post(ALICE, "3a4", at(8), ALSO_LISTED));
        jetstream.drop();
        await("second connection", () -> jetstream.opened() == 2);
        jetstream.publish(post(BOB, "3b4", at(10), LISTED));
        await("all posts stored", () -> storedPosts() == 6);
        await("replay and live read", () -> consumer.status().eventsSeen() == 6 + 7 + 1);

        // resumed 5 s before the newest event read: all but the first event before the drop were sent again
        assertThat(jetstream.connections().get(1).queryParameter("cursor")).isEqualTo(String.valueOf(at(6) - 5_000_000));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
        consumer.stop();

        for (String[] post : new String[][] {{ALICE, "3a1"}, {BOB, "3b2"}, {ALICE, "3a3"}, {BOB, "3b3"}, {ALICE, "3a4"},
                {BOB, "3b4"}}) {
            List<PostSnapshot> history = snapshots.history("bluesky", uri(post[0], post[1]));
            assertThat(history).as(post[1]).hasSize(1);
            assertThat(history.get(0).likes() + history.get(0).reposts() + history.get(0).replies()).isZero();
        }
        assertThat(snapshots.history("bluesky", uri(ALICE, "3a1")).get(0).capturedAt())
                .isEqualTo(NOW.minusSeconds(60));
        assertThat(posts.linkedPapers("bluesky", uri(BOB, "3b2"))).containsExactly("2607.00002");
        assertThat(posts.find("bluesky", uri(ALICE, "3a2"))).isEmpty(); // a paper outside the active window
        assertThat(posts.find("bluesky", uri(BOB, "3b1"))).isEmpty(); // no paper

        JetstreamStatus status = consumer.status();
        assertThat(status.postsMatched()).isEqualTo(4 + 5 + 1); // 3a2 links a paper, just not an active one
        assertThat(status.reconnects()).isEqualTo(1);
        assertThat(status.lastTimeUs()).isEqualTo(at(10));
        assertThat(status.connected()).isFalse();
        assertThat(status.leader()).isFalse();
        assertThat(storedCursor()).isEqualTo(String.valueOf(at(10)));
        IngestRun run = runs.latest(JetstreamConsumer.JOB, "bluesky jetstream").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void anUnavailableServiceIsRetriedWithBoundedExponentialBackoff() {
        List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        JetstreamConsumer consumer = consumer(settings(), duration -> {
            waits.add(duration);
            LockSupport.parkNanos(1_000_000);
        });
        consumer.start();
        await("connected", () -> jetstream.opened() == 1);
        jetstream.publish(post(ALICE, "3a1", at(1), LISTED));
        await("stored", () -> storedPosts() == 1);

        // the service goes down: the connection ends mid-stream, and every new attempt is answered 503
        jetstream.down(true);
        jetstream.drop();
        await("several refused attempts", () -> waits.size() >= 10);
        jetstream.append(post(BOB, "3b1", at(3), LISTED));
        jetstream.down(false);
        await("resumed", () -> storedPosts() == 2);
        consumer.stop();

        // 1 s after the connection that had read events, then doubling per refused attempt, at most 5 min
        List<Duration> recorded = List.copyOf(waits);
        for (int i = 0; i < recorded.size(); i++) {
            Duration expected = Duration.ofSeconds(1L << Math.min(i, 20));
            assertThat(recorded.get(i)).isEqualTo(expected.compareTo(Duration.ofMinutes(5)) > 0
                    ? Duration.ofMinutes(5) : expected);
        }
        assertThat(recorded).contains(Duration.ofMinutes(5));
        assertThat(jetstream.connections().get(jetstream.connections().size() - 1).queryParameter("cursor"))
                .isEqualTo(String.valueOf(at(1) - 5_000_000));
        assertThat(snapshots.history("bluesky", uri(ALICE, "3a1"))).hasSize(1);
    }

    @Test
    void builtFromTheSourceContextItReadsThroughTheProcessHttpSetupAndShowsItsFigures(@TempDir Path home)
            throws Exception {
        HotpapersConfig config = new ConfigLoader(Map.of("HOTPAPERS_HOME", home.toString(),
                "HOTPAPERS_CATEGORIES", "cs.LG", "HOTPAPERS_ACTIVE_DAYS", "3"), home, CategoryTaxonomy.load()).load();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // as the application's: its User-Agent, and a response size limit far below the stream's length
        Function<String, OkHttpClient.Builder> http = source -> new OkHttpClient.Builder()
                .addInterceptor(new UserAgentInterceptor("hotpapers/test (" + source + ")"))
                .addInterceptor(new ResponseSizeLimit(2_048));
        SourceContext context = new SourceContext(config, clock, sleeper,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)), new ObjectMapper(),
                postgres.jdbi(), new PaperStore(postgres.jdbi(), clock), posts, snapshots, cursors,
                new UsageStore(postgres.jdbi()), runs, new StopSignal(), http, metrics);
        JetstreamConsumer consumer = JetstreamConsumer.build(context, "bluesky", settings(), new LinkMatcher());
        consumers.add(consumer);
        DaemonPart part = consumer;
        part.start();
        await("connected", () -> jetstream.opened() == 1);
        await("connected on the client", () -> consumer.status().connected());
        assertThat(metrics.get("hotpapers.stream.connected").tag("source", "bluesky").gauge().value()).isEqualTo(1);
        assertThat(metrics.get("hotpapers.stream.leader").tag("source", "bluesky").gauge().value()).isEqualTo(1);
        for (int i = 0; i < 8; i++) {
            jetstream.publish(post(ALICE, "3a" + i, at(i), i % 2 == 0 ? LISTED : ELSEWHERE));
        }
        await("eight read, four stored", () -> consumer.status().eventsSeen() == 8
                && consumer.status().lastTimeUs() == at(7) && consumer.status().postsStored() == 4);
        assertThat(storedPosts()).isEqualTo(4);

        assertThat(part.name()).isEqualTo("bluesky stream");
        assertThat(jetstream.userAgents()).containsExactly("hotpapers/test (bluesky)");
        assertThat(metrics.get("hotpapers.stream.events").tag("source", "bluesky").functionCounter().count())
                .isEqualTo(8);
        assertThat(metrics.get("hotpapers.stream.posts.matched").functionCounter().count()).isEqualTo(4);
        assertThat(metrics.get("hotpapers.stream.posts.stored").functionCounter().count()).isEqualTo(4);
        assertThat(metrics.get("hotpapers.stream.lag.seconds").gauge().value()).isEqualTo(53.0);
        assertThat(metrics.get("hotpapers.stream.last.event").gauge().value()).isEqualTo(at(7) / 1e6);
        part.stop();
        part.stop(); // a second stop changes nothing
        assertThat(metrics.get("hotpapers.stream.connected").gauge().value()).isZero();
        assertThat(metrics.get("hotpapers.stream.leader").gauge().value()).isZero();
    }

    @Test
    void aRestartResumesFromTheStoredCursorWithoutStoringAgain() {
        JetstreamConsumer first = consumer(settings(), sleeper);
        first.start();
        await("first connection", () -> jetstream.opened() == 1);
        jetstream.publish(post(ALICE, "3a1", at(1), LISTED), post(ALICE, "3a2", at(2), ALSO_LISTED));
        await("two posts stored", () -> storedPosts() == 2);
        first.stop();
        assertThat(storedCursor()).isEqualTo(String.valueOf(at(2)));

        jetstream.append(post(BOB, "3b1", at(30), LISTED));
        JetstreamConsumer second = consumer(settings(), sleeper);
        second.start();
        await("resumed", () -> jetstream.connections().size() == 2 && storedPosts() == 3);
        await("replay read", () -> second.status().eventsSeen() == 3);
        second.stop();

        assertThat(jetstream.connections().get(1).queryParameter("cursor")).isEqualTo(String.valueOf(at(2) - 5_000_000));
        assertThat(snapshots.history("bluesky", uri(ALICE, "3a1"))).hasSize(1);
        assertThat(storedCursor()).isEqualTo(String.valueOf(at(30)));
    }

    @Test
    void aResumeBeyondTheReplayWindowIsLoggedAndRecordedForTheSearch() {
        long stale = micros(NOW.minus(Duration.ofHours(40)));
        cursors.advance("bluesky", Map.of(JetstreamConsumer.CURSOR_SCOPE, String.valueOf(stale)),
                String::compareTo);
        JetstreamConsumer consumer = consumer(settings(), sleeper);
        try (LogCapture log = LogCapture.of(JetstreamConsumer.class)) {
            consumer.start();
            await("connected", () -> jetstream.opened() == 1);
            consumer.stop();
            assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN Jetstream resumes from 2026-07-02T23:00:00Z, "
                    + "longer ago than its replay window of PT36H: posts from 2026-07-02T23:00:00Z to "
                    + "2026-07-03T03:00:00Z are lost to the stream; recorded for the Bluesky search"));
        }
        assertThat(jetstream.connections().get(0).queryParameter("cursor")).isEqualTo(String.valueOf(stale - 5_000_000));
        assertThat(new JetstreamGaps(cursors, "bluesky").open())
                .contains(new JetstreamGaps.Gap(stale, micros(NOW.minus(Duration.ofHours(36)))));
        assertThat(consumer.status().gaps()).isEqualTo(1);

        // a search that covered the span closes it
        JetstreamGaps gaps = new JetstreamGaps(cursors, "bluesky");
        gaps.markFilled(gaps.open().orElseThrow());
        assertThat(gaps.open()).isEmpty();
    }

    @Test
    void hostileEventsAreSkippedWithTheirReasonAndTheRestIsStored() {
        JetstreamConsumer consumer = consumer(settings(), sleeper);
        consumer.start();
        await("connected", () -> jetstream.opened() == 1);
        jetstream.publish(post(ALICE, "3a1", at(1), LISTED));
        jetstream.sendRaw("{\"did\":");
        jetstream.sendRaw(post(ALICE, "3a2", micros(NOW.plus(Duration.ofHours(1))), LISTED));
        jetstream.sendRaw(post(ALICE, "3a3", at(3), LISTED).replace("\"text\":", "\"notText\":true,\"text0\":"));
        jetstream.publish(post(BOB, "3b1", at(4), LISTED));
        await("all read", () -> consumer.status().eventsSeen() == 5);
        await("two stored", () -> storedPosts() == 2);
        consumer.stop();

        assertThat(consumer.status().skipped()).isEqualTo(3);
        IngestRun run = runs.latest(JetstreamConsumer.JOB, "bluesky jetstream").orElseThrow();
        List<Skip> skips = runs.skips(run.runId());
        assertThat(skips).hasSize(3);
        assertThat(skips).extracting(Skip::reason).anyMatch(reason -> reason.startsWith("malformed JSON: "))
                .contains("time_us " + micros(NOW.plus(Duration.ofHours(1))) + " is in the future",
                        "post without text");
        assertThat(skips).extracting(Skip::item).contains(uri(ALICE, "3a3"));
        // the future event did not carry the cursor past the events to come
        assertThat(storedCursor()).isEqualTo(String.valueOf(at(4)));
    }

    @Test
    void aWriterThatFallsBehindDropsTheConnectionAndLosesNothing() throws Exception {
        JetstreamSettings tight = new JetstreamSettings(server.url("/subscribe").toString(), Duration.ofSeconds(5),
                Duration.ofHours(36), 1, 1, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(5),
                JetstreamEventParser.DEFAULT_MAX_EVENT_CHARS, 1_000, Duration.ofSeconds(30));
        JetstreamConsumer consumer = consumer(tight, sleeper);
        consumer.start();
        await("connected", () -> jetstream.opened() == 1);
        try (Handle blocker = postgres.jdbi().open()) {
            // another transaction holds the posts table: the writer waits, its one-place queue fills
            blocker.begin();
            blocker.execute("LOCK TABLE posts IN EXCLUSIVE MODE");
            jetstream.publish(post(ALICE, "3a1", at(1), LISTED), post(ALICE, "3a2", at(2), LISTED),
                    post(ALICE, "3a3", at(3), LISTED), post(ALICE, "3a4", at(4), LISTED));
            await("a stall", () -> consumer.status().stalls() >= 1);
            blocker.rollback();
        }
        await("all stored after the resume", () -> storedPosts() == 4);
        consumer.stop();

        assertThat(jetstream.connections().size()).isGreaterThanOrEqualTo(2);
        for (String rkey : List.of("3a1", "3a2", "3a3", "3a4")) {
            assertThat(snapshots.history("bluesky", uri(ALICE, rkey))).as(rkey).hasSize(1);
        }
        assertThat(storedCursor()).isEqualTo(String.valueOf(at(4)));
    }

    @Test
    void exactlyOneOfTwoConsumersReadsAndTheOtherTakesOverWhenItsConnectionDies() {
        // the follower retries its lock attempt every few milliseconds instead of every 30 s
        Sleeper quick = duration -> LockSupport.parkNanos(2_000_000);
        JetstreamConsumer one = consumer(settings(), quick);
        JetstreamConsumer two = consumer(settings(), quick);
        one.start();
        two.start();
        await("a leader connected", () -> jetstream.opened() == 1);
        JetstreamConsumer leader = one.status().leader() ? one : two;
        JetstreamConsumer follower = leader == one ? two : one;
        assertThat(follower.status().leader()).isFalse();
        assertThat(jetstream.connections()).hasSize(1);

        jetstream.publish(post(ALICE, "3a1", at(1), LISTED));
        await("stored by the leader", () -> storedPosts() == 1);
        await("cursor saved", () -> String.valueOf(at(1)).equals(storedCursor()));

        // the leader's lock connection dies (as when its node dies): the other node takes over
        postgres.jdbi().useHandle(handle -> handle.execute("""
                SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND classid = 738002 AND objid = 1 AND granted
                """));
        await("the follower leads", () -> follower.status().leader() && jetstream.opened() == 2);
        await("the old leader stepped down", () -> !leader.status().leader());
        assertThat(jetstream.connections().get(jetstream.connections().size() - 1).queryParameter("cursor"))
                .isEqualTo(String.valueOf(at(1) - 5_000_000));
        jetstream.publish(post(BOB, "3b1", at(2), LISTED));
        await("stored by the new leader", () -> storedPosts() == 2);
        assertThat(snapshots.history("bluesky", uri(ALICE, "3a1"))).hasSize(1);
    }
}
