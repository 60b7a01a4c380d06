package io.hotpapers.social.huggingface;

import static io.hotpapers.social.huggingface.HfStandIn.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.RefreshService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The refresh a day after discovery, through the real stores: the due papers' Daily Papers are read by day, ISO week
 * or month, whichever the sizes of the days read at discovery make cheapest; every due paper's counts are stored.
 */
class HuggingFaceRefreshTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** Ten mailing dates over two ISO weeks (2026-W41 and W42), one tracked paper each. */
    private static final List<LocalDate> MAILINGS = LocalDate.parse("2026-10-05")
            .datesUntil(LocalDate.parse("2026-10-17"))
            .filter(day -> day.getDayOfWeek().getValue() <= 5).toList();
    /** A paper with a page outside Daily Papers at discovery, which a day's list holds by the refresh. */
    private static final String PAGE_FIRST = "2610.20014";
    private static final LocalDate PAGE_FIRST_MAILING = LocalDate.parse("2026-10-14");

    private final MockWebServer server = new MockWebServer();
    private final HfStandIn standIn = new HfStandIn();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-22T12:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, LocalDate> tracked = new LinkedHashMap<>();
    private PostStore posts;
    private SnapshotStore snapshots;
    private DiscoveryService discovery;
    private RefreshService refresh;

    @BeforeEach
    void setUp() throws Exception {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, discovery_cursors"));
        server.setDispatcher(standIn);
        server.start();
        posts = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        TestHf hf = new TestHf(server, postgres.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), clock, json);
        discovery = new DiscoveryService(hf.source, new PaperStore(postgres.jdbi(), clock), posts, snapshots,
                hf.cursors, runs, clock);
        refresh = new RefreshService(hf.source, posts, snapshots, runs, RefreshPolicy.standard(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Lists the papers on the mailing dates and fills every day around them with six papers nobody tracks. */
    private void month(List<LocalDate> mailings, long upvotes) {
        List<Listing> listings = new ArrayList<>();
        for (LocalDate mailing : mailings) {
            String id = "2610.1" + mailing.toString().substring(8) + "00";
            tracked.put(id, mailing);
            listings.add(new Listing(mailing, "cs.LG", id, AnnounceType.NEW));
        }
        new ListingStore(postgres.jdbi(), clock).record(listings);
        relist(upvotes, Map.of());
    }

    /** Every day from 4 to 19 October: its tracked papers at {@code upvotes} plus their day, and six others. */
    private void relist(long upvotes, Map<String, LocalDate> extra) {
        for (LocalDate day = LocalDate.parse("2026-10-04"); !day.isAfter(LocalDate.parse("2026-10-19"));
             day = day.plusDays(1)) {
            List<String> entries = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                entries.add(entry(String.format("2609.%02d%03d", day.getDayOfMonth(), k), 1, 0, day));
            }
            LocalDate listed = day;
            tracked.forEach((id, on) -> {
                if (on.equals(listed)) {
                    entries.add(entry(id, upvotes + on.getDayOfMonth(), 1, listed));
                }
            });
            extra.forEach((id, on) -> {
                if (on.equals(listed)) {
                    entries.add(entry(id, upvotes, 3, listed));
                }
            });
            standIn.relist(day, entries.toArray(String[]::new));
        }
    }

    private void discoverThenADayLater() {
        discovery.discover(List.of("cs.LG"), MAILINGS.get(0), MAILINGS.get(MAILINGS.size() - 1));
        standIn.requests.clear();
        clock.advance(Duration.ofDays(1).plusHours(1));
    }

    private PostSnapshot latest(String id) {
        return snapshots.latest("huggingface", id, clock.instant()).orElseThrow();
    }

    @Test
    void aRefreshSpanningTenDaysReadsTheirTwoWeeksInsteadOfTenDays() {
        month(MAILINGS, 10);
        new ListingStore(postgres.jdbi(), clock).record(List.of(new Listing(PAGE_FIRST_MAILING, "cs.LG", PAGE_FIRST,
                AnnounceType.NEW)));
        standIn.pages.put(PAGE_FIRST, HfStandIn.page(PAGE_FIRST, 4, null));
        discoverThenADayLater();
        relist(200, Map.of(PAGE_FIRST, PAGE_FIRST_MAILING)); // counts moved; the page-only paper is listed now

        RefreshService.Result result = refresh.refresh();

        assertThat(standIn.requests).containsExactly(
                "/api/daily_papers?week=2026-W41&limit=50&p=0",
                "/api/daily_papers?week=2026-W42&limit=50&p=0");
        assertThat(result.due()).isEqualTo(11);
        assertThat(result.snapshots()).isEqualTo(11);
        tracked.forEach((id, on) -> assertThat(latest(id)).as(id).satisfies(snapshot -> {
            assertThat(snapshot.likes()).isEqualTo(200 + on.getDayOfMonth());
            assertThat(snapshot.replies()).isEqualTo(1);
        }));
        assertThat(latest(PAGE_FIRST)).as("taken from the listing, not looked up").satisfies(snapshot -> {
            assertThat(snapshot.likes()).isEqualTo(200);
            assertThat(snapshot.replies()).isEqualTo(3);
        });
    }

    @Test
    void aRefreshOfOneDayReadsThatDayAlone() {
        month(List.of(LocalDate.parse("2026-10-14")), 10);
        discoverThenADayLater();
        relist(300, Map.of());

        RefreshService.Result result = refresh.refresh();

        assertThat(standIn.requests).containsExactly("/api/daily_papers?date=2026-10-14&limit=50&p=0");
        assertThat(result.snapshots()).isEqualTo(1);
        assertThat(latest("2610.11400").likes()).isEqualTo(314);
    }

    @Test
    void aDuePaperTheListingMissesIsLookedUpAloneAndOneWithoutPageMarkedGone() {
        month(MAILINGS, 10);
        discoverThenADayLater();
        String left = "2610.10700";
        String deleted = "2610.11500";
        tracked.remove(left);
        tracked.remove(deleted);
        relist(200, Map.of());
        standIn.pages.put(left, HfStandIn.page(left, 77, null));

        RefreshService.Result result = refresh.refresh();

        assertThat(standIn.requests).containsExactly(
                "/api/daily_papers?week=2026-W41&limit=50&p=0",
                "/api/daily_papers?week=2026-W42&limit=50&p=0",
                "/api/papers/" + left,
                "/api/papers/" + deleted);
        assertThat(result.snapshots()).isEqualTo(9);
        assertThat(latest(left).likes()).isEqualTo(77);
        tracked.forEach((id, on) -> assertThat(latest(id).likes()).as(id).isEqualTo(200 + on.getDayOfMonth()));
        assertThat(posts.find("huggingface", deleted).orElseThrow().goneAt()).isEqualTo(clock.instant());
    }
}
