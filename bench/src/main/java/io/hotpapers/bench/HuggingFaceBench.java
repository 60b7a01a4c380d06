package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.huggingface.HuggingFaceClient;
import io.hotpapers.social.huggingface.HuggingFaceSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * Scenario "hf": the busy month (≈ 8,000 papers over 20 mailing dates) against a Hugging Face stand-in; counts the
 * requests of one discovery over the month and of the refresh a day later, each against the least the API allows,
 * which the bench derives from the stand-in's own data: every page of every day that lists a tracked paper, plus one
 * look-up per tracked paper that no list holds.
 */
final class HuggingFaceBench {
    private static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    /** The page size huggingface_hub uses by default; the largest the API accepts is not documented. */
    private static final int API_PAGE_SIZE = 50;
    /** Papers of other categories put in Daily Papers every day: they fill the lists without being tracked. */
    private static final int UNTRACKED_PER_DAY = 20;

    void run(double scale) throws Exception {
        int perDate = (int) Math.max(10, 400 * scale);
        MailingCalendar calendar = new MailingCalendar(List.of());
        List<LocalDate> dates = calendar.mailingDates(FIRST, FIRST.plusDays(40)).subList(0, 20);
        LocalDate last = dates.get(dates.size() - 1);
        // a few days after the last listing, so every paper's days are over and the month is settled
        BenchClock clock = new BenchClock(last.plusDays(5).atTime(12, 0).toInstant(ZoneOffset.UTC));
        StandIn standIn = new StandIn(dates, perDate);
        try (BenchDatabase bench = new BenchDatabase(); MockWebServer server = new MockWebServer()) {
            server.setDispatcher(standIn);
            server.start();
            List<Listing> listings = new ArrayList<>();
            standIn.listedOn.forEach((id, date) -> listings.add(new Listing(date, "cs.LG", id, AnnounceType.NEW)));
            new ListingStore(bench.database.jdbi(), clock).record(listings);

            Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, Sleeper.SYSTEM, new Random(1));
            HuggingFaceClient client = new HuggingFaceClient(server.url("/"), new OkHttpClient(), clock, retrier,
                    new ObjectMapper());
            CursorStore cursors = new CursorStore(bench.database.jdbi(), clock);
            PostBudget budget = new PostBudget(new UsageStore(bench.database.jdbi()), HuggingFaceSource.NAME,
                    Long.MAX_VALUE, clock);
            HuggingFaceSource source = new HuggingFaceSource(client, budget, cursors, Period.ofDays(7), clock);
            PaperStore papers = new PaperStore(bench.database.jdbi(), clock);
            PostStore posts = new PostStore(bench.database.jdbi(), clock);
            SnapshotStore snapshots = new SnapshotStore(bench.database.jdbi());
            IngestRunStore runs = new IngestRunStore(bench.database.jdbi(), clock, new ObjectMapper());

            long started = System.nanoTime();
            DiscoveryService.Result found = new DiscoveryService(source, papers, posts, snapshots, cursors, runs, clock)
                    .discover(List.of("cs.LG"), dates.get(0), last);
            double discoverySeconds = (System.nanoTime() - started) / 1e9;
            int discoveryDays = standIn.dayRequests.getAndSet(0);
            int discoveryLookups = standIn.paperRequests.getAndSet(0);
            Minimum discoveryMinimum = standIn.minimum(standIn.listedOn.keySet());

            clock.advance(Duration.ofDays(1).plusHours(1));
            RefreshService refresh = new RefreshService(source, posts, snapshots, runs, RefreshPolicy.standard(), clock);
            List<String> due = refresh.due();
            RefreshService.Result refreshed = refresh.refresh();
            int refreshDays = standIn.dayRequests.get();
            int refreshLookups = standIn.paperRequests.get();
            Minimum refreshMinimum = standIn.minimum(due);

            System.out.printf("hf: %,d papers over %d mailing dates; the stand-in lists %,d of them in Daily Papers, "
                    + "has a page alone for %,d, none for %,d; %,d posts stored (%.1f s)%n", standIn.listedOn.size(),
                    dates.size(), standIn.onList.size(), standIn.pageOnly.size(),
                    standIn.listedOn.size() - standIn.onList.size() - standIn.pageOnly.size(), found.postsStored(),
                    discoverySeconds);
            report("discovery", discoveryDays, discoveryLookups, discoveryMinimum);
            report("refresh (" + due.size() + " due, " + refreshed.snapshots() + " snapshots)", refreshDays,
                    refreshLookups, refreshMinimum);
        }
    }

    private static void report(String round, int days, int lookups, Minimum minimum) {
        int requests = days + lookups;
        System.out.printf("hf: %s: requests %,d vs minimum %,d (ratio %.3f): daily-list pages %d vs %d (ratio %.2f), "
                        + "paper look-ups %,d vs %,d%n", round, requests, minimum.total(),
                requests / (double) minimum.total(), days, minimum.dayPages(), days / (double) minimum.dayPages(),
                lookups, minimum.lookups());
    }

    /** The least requests that can see the given papers: their days' pages, and one look-up per unlisted paper. */
    record Minimum(int dayPages, int lookups) {
        int total() {
            return dayPages + lookups;
        }
    }

    /**
     * Daily Papers and paper pages for the month: every tenth tracked paper is listed 0 to 2 days after its mailing
     * date, every tenth (offset 5) has a page outside Daily Papers, the rest none; each day also lists papers of
     * other categories.
     */
    private static final class StandIn extends Dispatcher {
        final Map<String, LocalDate> listedOn = new TreeMap<>();
        final Map<String, LocalDate> onList = new TreeMap<>();
        final Set<String> pageOnly = new HashSet<>();
        final Map<LocalDate, List<String>> days = new TreeMap<>();
        final AtomicInteger dayRequests = new AtomicInteger();
        final AtomicInteger paperRequests = new AtomicInteger();

        StandIn(List<LocalDate> dates, int perDate) {
            for (int n = 0; n < dates.size() * perDate; n++) {
                String id = String.format("2610.%05d", n);
                LocalDate date = dates.get(n / perDate);
                listedOn.put(id, date);
                if (n % 10 == 0) {
                    LocalDate day = date.plusDays((n / 10) % 3);
                    onList.put(id, day);
                    days.computeIfAbsent(day, key -> new ArrayList<>()).add(id);
                } else if (n % 10 == 5) {
                    pageOnly.add(id);
                }
            }
            int untracked = 0;
            for (LocalDate day = dates.get(0).minusDays(2); !day.isAfter(dates.get(dates.size() - 1).plusDays(5));
                 day = day.plusDays(1)) {
                for (int k = 0; k < UNTRACKED_PER_DAY; k++) {
                    days.computeIfAbsent(day, key -> new ArrayList<>()).add(String.format("2609.%05d", untracked++));
                }
            }
        }

        Minimum minimum(Collection<String> papers) {
            Set<LocalDate> daysNeeded = new HashSet<>();
            int lookups = 0;
            for (String id : papers) {
                if (onList.containsKey(id)) {
                    daysNeeded.add(onList.get(id));
                } else {
                    lookups++;
                }
            }
            int pages = daysNeeded.stream()
                    .mapToInt(day -> Math.max(1, (days.get(day).size() + API_PAGE_SIZE - 1) / API_PAGE_SIZE)).sum();
            return new Minimum(pages, lookups);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/api/daily_papers")) {
                dayRequests.incrementAndGet();
                LocalDate day = LocalDate.parse(request.getUrl().queryParameter("date"));
                int page = Integer.parseInt(request.getUrl().queryParameter("p"));
                int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
                List<String> all = days.getOrDefault(day, List.of());
                List<String> entries = new ArrayList<>();
                for (int i = page * limit; i < Math.min(all.size(), (page + 1) * limit); i++) {
                    entries.add(entry(all.get(i), day));
                }
                return new MockResponse.Builder().code(200).body("[" + String.join(",", entries) + "]").build();
            }
            paperRequests.incrementAndGet();
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (pageOnly.contains(id) || onList.containsKey(id)) {
                return new MockResponse.Builder().code(200).body(paper(id, onList.get(id))).build();
            }
            return new MockResponse.Builder().code(404).body("{\"error\":\"Paper not found\"}").build();
        }

        private static String entry(String id, LocalDate day) {
            return "{\"paper\":" + paper(id, day) + ",\"publishedAt\":\"" + day + "T03:00:00.000Z\",\"title\":\"Paper "
                    + id + "\",\"numComments\":" + (id.hashCode() & 3) + "}";
        }

        private static String paper(String id, LocalDate day) {
            return "{\"id\":\"" + id + "\",\"title\":\"Paper " + id + "\",\"upvotes\":" + (id.hashCode() & 63)
                    + (day == null ? "" : ",\"submittedOnDailyAt\":\"" + day + "T00:00:00.000Z\"") + "}";
        }
    }
}
