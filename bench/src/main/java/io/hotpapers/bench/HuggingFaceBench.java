package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.social.huggingface.HuggingFaceRateLimiter;
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
 * Scenario "hf": the busy month (≈ 8,000 papers over 20 mailing dates) against a Hugging Face stand-in that answers
 * Daily Papers by {@code date}, {@code week} or {@code month}, pages by {@code p}/{@code limit} and keeps the
 * anonymous quota (500 calls per 5-minute fixed window, {@code RateLimit} headers, 429 beyond); time is simulated
 * ({@link SimulatedTime}). Counts the requests of one discovery over the month and of the refresh a day later, each
 * against the least the API allows, which the bench derives from the stand-in's own data: the listed tracked
 * papers' entries 50 a page, plus one look-up per tracked paper that no list holds.
 */
final class HuggingFaceBench {
    private static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    /** The page size huggingface_hub uses by default; the largest the API accepts is not documented. */
    private static final int API_PAGE_SIZE = 50;
    /** Papers of other categories put in Daily Papers every day: they fill the lists without being tracked. */
    private static final int UNTRACKED_PER_DAY = 20;
    /** API calls per 5-minute fixed window, anonymous (API-NOTES: rate limits, Sept 2025). */
    private static final int RATE_LIMIT = 500;

    void run(double scale) throws Exception {
        int perDate = (int) Math.max(10, 400 * scale);
        MailingCalendar calendar = new MailingCalendar(List.of());
        List<LocalDate> dates = calendar.mailingDates(FIRST, FIRST.plusDays(40)).subList(0, 20);
        LocalDate last = dates.get(dates.size() - 1);
        // a few days after the last listing, so every paper's days are over and the month is settled
        SimulatedTime clock = new SimulatedTime(last.plusDays(5).atTime(12, 0).toInstant(ZoneOffset.UTC));
        StandIn standIn = new StandIn(dates, perDate, clock);
        System.out.printf("hf: load before: %s%n", Load.now());
        try (BenchDatabase bench = new BenchDatabase(); MockWebServer server = new MockWebServer()) {
            server.setDispatcher(standIn);
            server.start();
            List<Listing> listings = new ArrayList<>();
            standIn.listedOn.forEach((id, date) -> listings.add(new Listing(date, "cs.LG", id, AnnounceType.NEW)));
            new ListingStore(bench.database.jdbi(), clock).record(listings);

            Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, clock, new Random(1));
            // the module's stack: spacing at the default interval, then the server's announced window
            OkHttpClient http = new OkHttpClient.Builder()
                    .addInterceptor(new RequestSpacer(Duration.parse(ConfigLoader.DEFAULT_HF_MIN_INTERVAL), clock, clock))
                    .addInterceptor(new HuggingFaceRateLimiter(clock, clock, WaitLimit.standard())).build();
            HuggingFaceClient client = new HuggingFaceClient(server.url("/"), http, clock, retrier,
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
            java.time.Instant simulatedStart = clock.instant();
            DiscoveryService.Result found = new DiscoveryService(source, papers, posts, snapshots, cursors, runs, clock)
                    .discover(List.of("cs.LG"), dates.get(0), last);
            double discoverySeconds = (System.nanoTime() - started) / 1e9;
            Duration discoveryTime = Duration.between(simulatedStart, clock.instant());
            int discoveryDays = standIn.dayRequests.getAndSet(0);
            int discoveryLookups = standIn.paperRequests.getAndSet(0);
            Minimum discoveryMinimum = standIn.minimum(standIn.listedOn.keySet());

            clock.advance(Duration.ofDays(1).plusHours(1));
            RefreshService refresh = new RefreshService(source, posts, snapshots, runs, RefreshPolicy.standard(), clock);
            // due by the bench's data: every paper with a page on the stand-in whose mailing is within the default
            // schedule's 30 days (all its intervals, at most a day, have passed)
            java.time.Instant horizon = clock.instant().minus(Duration.ofDays(30));
            List<String> due = standIn.listedOn.entrySet().stream()
                    .filter(entry -> standIn.onList.containsKey(entry.getKey())
                            || standIn.pageOnly.contains(entry.getKey()))
                    .filter(entry -> entry.getValue().atStartOfDay(MailingDates.ZONE).toInstant().isAfter(horizon))
                    .map(Map.Entry::getKey).toList();
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
            System.out.printf("hf: discovery took %.1f min (simulated; %.1f s of it real work) vs rate-limit floor %d "
                            + "min = (ceil(minimum / %d) - 1) x 5 min; 429 answers %d%n", discoveryTime.toSeconds() / 60.0,
                    discoverySeconds, (ceil(discoveryMinimum.total(), RATE_LIMIT) - 1) * 5, RATE_LIMIT,
                    standIn.throttled.get());
            report("refresh (" + due.size() + " due by the stand-in's data, " + refreshed.due() + " by the code: "
                    + (due.size() == refreshed.due() ? "checked" : "MISMATCH") + "; " + refreshed.snapshots()
                    + " snapshots)", refreshDays, refreshLookups, refreshMinimum);
            System.out.printf("hf: load after: %s%n", Load.now());
        }
    }

    private static void report(String round, int days, int lookups, Minimum minimum) {
        int requests = days + lookups;
        System.out.printf("hf: %s: requests %,d vs minimum %,d (ratio %.3f, target <= 1.1: %s): list pages %d vs %d "
                        + "= ceil(%d listed entries / %d) (ratio %.2f), paper look-ups %,d vs %,d; vs a plan reading "
                        + "whole days, weeks or months (%d pages, their untracked entries too) %,d (ratio %.3f); vs the "
                        + "best mix of date, week and month windows (%d pages) %,d (ratio %.3f)%n", round,
                requests, minimum.total(), requests / (double) minimum.total(),
                ApiBench.met(requests / (double) minimum.total()), days, minimum.pages(), minimum.entries(),
                API_PAGE_SIZE, days / (double) minimum.pages(), lookups, minimum.lookups(), minimum.plan(),
                minimum.plan() + minimum.lookups(), requests / (double) (minimum.plan() + minimum.lookups()),
                minimum.mixed(), minimum.mixed() + minimum.lookups(),
                requests / (double) (minimum.mixed() + minimum.lookups()));
    }

    /**
     * The least requests that can see the given papers: the listed ones' entries, {@value #API_PAGE_SIZE} a page
     * (a lower bound: whatever date, week or month windows a reader picks, each entry comes once at least), and one
     * look-up per paper no list holds; with the pages of the best plan that reads whole days, weeks or months.
     */
    record Minimum(int entries, int pages, int plan, int mixed, int lookups) {
        int total() {
            return pages + lookups;
        }
    }

    private static int ceil(int count, int per) {
        return Math.max(1, (count + per - 1) / per);
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
        final AtomicInteger throttled = new AtomicInteger();
        private final java.time.Clock clock;
        private java.time.Instant windowEnd;
        private int remaining;

        StandIn(List<LocalDate> dates, int perDate, java.time.Clock clock) {
            this.clock = clock;
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
            int entries = 0;
            int lookups = 0;
            for (String id : papers) {
                if (onList.containsKey(id)) {
                    daysNeeded.add(onList.get(id));
                    entries++;
                } else {
                    lookups++;
                }
            }
            int byDay = daysNeeded.stream().mapToInt(day -> pagesOf(List.of(day))).sum();
            int byWeek = daysNeeded.stream().map(day -> day.with(java.time.DayOfWeek.MONDAY)).distinct()
                    .mapToInt(monday -> pagesOf(monday.datesUntil(monday.plusDays(7)).toList())).sum();
            int byMonth = daysNeeded.stream().map(day -> day.withDayOfMonth(1)).distinct()
                    .mapToInt(first -> pagesOf(first.datesUntil(first.plusMonths(1)).toList())).sum();
            return new Minimum(entries, entries == 0 ? 0 : ceil(entries, API_PAGE_SIZE),
                    Math.min(byDay, Math.min(byWeek, byMonth)), mixed(daysNeeded), lookups);
        }

        /**
         * The fewest pages of any set of date, week and month windows that holds the needed days, by the stand-in's
         * own list sizes: for each needed day in order, the cheapest way to cover it and the ones before.
         */
        private int mixed(Set<LocalDate> daysNeeded) {
            List<LocalDate> needed = daysNeeded.stream().sorted().toList();
            int[] least = new int[needed.size() + 1];
            for (int k = 1; k <= needed.size(); k++) {
                LocalDate day = needed.get(k - 1);
                LocalDate monday = day.with(java.time.DayOfWeek.MONDAY);
                LocalDate firstOfMonth = day.withDayOfMonth(1);
                least[k] = Integer.MAX_VALUE;
                for (List<LocalDate> window : List.of(List.of(day), monday.datesUntil(monday.plusDays(7)).toList(),
                        firstOfMonth.datesUntil(firstOfMonth.plusMonths(1)).toList())) {
                    int start = k - 1;
                    while (start > 0 && window.contains(needed.get(start - 1))) {
                        start--;
                    }
                    least[k] = Math.min(least[k], least[start] + pagesOf(window));
                }
            }
            return least[needed.size()];
        }

        private int pagesOf(List<LocalDate> window) {
            return ceil(window.stream().mapToInt(day -> days.getOrDefault(day, List.of()).size()).sum(),
                    API_PAGE_SIZE);
        }

        /** The list of a {@code date}, {@code week} (YYYY-Www) or {@code month} (YYYY-MM) parameter. */
        private List<Map.Entry<String, LocalDate>> window(RecordedRequest request) {
            List<LocalDate> window;
            String date = request.getUrl().queryParameter("date");
            String week = request.getUrl().queryParameter("week");
            String month = request.getUrl().queryParameter("month");
            if (date != null) {
                window = List.of(LocalDate.parse(date));
            } else if (week != null) {
                LocalDate monday = LocalDate.parse(week + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE);
                window = monday.datesUntil(monday.plusDays(7)).toList();
            } else if (month != null) {
                LocalDate first = LocalDate.parse(month + "-01");
                window = first.datesUntil(first.plusMonths(1)).toList();
            } else {
                window = List.of(clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
            }
            List<Map.Entry<String, LocalDate>> entries = new ArrayList<>();
            for (LocalDate day : window) {
                days.getOrDefault(day, List.of()).forEach(id -> entries.add(Map.entry(id, day)));
            }
            return entries;
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            java.time.Instant now = clock.instant();
            if (windowEnd == null || !now.isBefore(windowEnd)) {
                windowEnd = now.plus(Duration.ofMinutes(5));
                remaining = RATE_LIMIT;
            }
            if (remaining == 0) {
                throttled.incrementAndGet();
                return limited(new MockResponse.Builder().code(429).body("{\"error\":\"Too Many Requests\"}"), now);
            }
            remaining--;
            String path = request.getUrl().encodedPath();
            if (path.equals("/api/daily_papers")) {
                dayRequests.incrementAndGet();
                int page = Integer.parseInt(request.getUrl().queryParameter("p"));
                int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
                List<Map.Entry<String, LocalDate>> all = window(request);
                List<String> entries = new ArrayList<>();
                for (int i = page * limit; i < Math.min(all.size(), (page + 1) * limit); i++) {
                    entries.add(entry(all.get(i).getKey(), all.get(i).getValue()));
                }
                return limited(new MockResponse.Builder().code(200).body("[" + String.join(",", entries) + "]"), now);
            }
            paperRequests.incrementAndGet();
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (pageOnly.contains(id) || onList.containsKey(id)) {
                return limited(new MockResponse.Builder().code(200).body(paper(id, onList.get(id))), now);
            }
            return limited(new MockResponse.Builder().code(404).body("{\"error\":\"Paper not found\"}"), now);
        }

        /** The documented headers of the anonymous quota: remaining and seconds to the fixed window's end. */
        private MockResponse limited(MockResponse.Builder response, java.time.Instant now) {
            long seconds = Math.max(0, Duration.between(now, windowEnd).toSeconds());
            return response.addHeader("RateLimit", "\"api\";r=" + remaining + ";t=" + seconds)
                    .addHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=" + RATE_LIMIT + ";w=300").build();
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
