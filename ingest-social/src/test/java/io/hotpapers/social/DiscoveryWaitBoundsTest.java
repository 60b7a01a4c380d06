package io.hotpapers.social;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.WaitTooLongException;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rate-limit reset far away fails the discovery round at once, visibly, and keeps what the round had read. */
@Tag("reliability")
class DiscoveryWaitBoundsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate MAILING = LocalDate.parse("2021-05-11");
    private static final Instant ANNOUNCED = Instant.parse("2021-05-11T04:00:00Z");
    private static final String LINK = "https://arxiv.org/abs/2105.04026v1";
    private static final Instant YEAR_3000 = Instant.parse("3000-01-01T00:00:00Z");

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(ANNOUNCED.plus(Duration.ofHours(10)));
    private TestX x;
    private PostStore tweets;
    private CursorStore cursors;
    private IngestRunStore runs;
    private DiscoveryService discovery;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        server.start();
        x = new TestX(server, postgres.jdbi(), clock, 10_000, false);
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(MAILING, "cs.LG", "2105.04026", AnnounceType.NEW)));
        tweets = new PostStore(postgres.jdbi(), clock);
        cursors = new CursorStore(postgres.jdbi(), clock);
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        discovery = new DiscoveryService(x.source, papers, tweets, new SnapshotStore(postgres.jdbi()), cursors, runs,
                clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse page(String body, String remaining, Instant reset) {
        return new MockResponse.Builder().code(200).setHeader("x-rate-limit-limit", "450")
                .setHeader("x-rate-limit-remaining", remaining)
                .setHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond())).body(body).build();
    }

    @Test
    void aResetInTheYear3000FailsTheRoundNamingEndpointAndResetAndKeepsThePostsAlreadyRead() {
        Instant started = clock.instant();
        server.enqueue(page(XBodies.page(List.of(XBodies.tweet(500, 11, "2021-05-11T06:10:02.000Z", 10, 100, false,
                LINK)), "500", "more"), "0", YEAR_3000));

        assertThatThrownBy(() -> discovery.discoverActive(List.of("cs.LG"), 7))
                .isInstanceOf(WaitTooLongException.class)
                .hasMessageStartingWith("X API /2/tweets/search/recent asks to wait until 3000-01-01T00:00:00Z")
                .hasMessageContaining("HOTPAPERS_MAX_WAIT=PT15M");

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(x.rateLimitWaits.waits()).as("nothing slept").isEmpty();
        assertThat(x.backoff.waits()).isEmpty();
        assertThat(clock.instant()).isEqualTo(started);
        assertThat(tweets.find("x", XPosts.id(500))).as("the post read before the failure is stored").isPresent();
        assertThat(cursors.cursors("x", List.of("2105.04026"))).as("the unfinished search keeps its cursor")
                .isEmpty();
        IngestRun run = runs.recent(1).get(0);
        assertThat(run.job()).isEqualTo(DiscoveryService.JOB);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("X API /2/tweets/search/recent", "3000-01-01T00:00:00Z");
        assertThat(run.counts()).containsEntry("posts_stored", 1L).containsEntry("requests", 1L);
    }

    @Test
    void theNextRoundAsksXAgainInsteadOfTrustingTheFarReset() {
        server.enqueue(page(XBodies.page(List.of(XBodies.tweet(500, 11, "2021-05-11T06:10:02.000Z", 1, 1, false,
                LINK)), "500", "more"), "0", YEAR_3000));
        assertThatThrownBy(() -> discovery.discoverActive(List.of("cs.LG"), 7))
                .isInstanceOf(WaitTooLongException.class);

        server.enqueue(page(XBodies.page(List.of(XBodies.tweet(501, 11, "2021-05-11T06:10:02.000Z", 1, 1, false,
                LINK)), "501", null), "449", clock.instant().plusSeconds(900)));
        DiscoveryService.Result result = discovery.discoverActive(List.of("cs.LG"), 7);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(result.postsStored()).isEqualTo(1);
        assertThat(tweets.find("x", XPosts.id(500))).isPresent();
        assertThat(tweets.find("x", XPosts.id(501))).isPresent();
        assertThat(runs.recent(1).get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
