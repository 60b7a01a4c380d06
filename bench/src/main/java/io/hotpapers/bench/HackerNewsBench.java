package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.hackernews.HackerNewsClient;
import io.hotpapers.social.hackernews.HackerNewsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Scenario "hackernews": the busy month of the api scenario (20 mailing dates from 2026-10-01, 400 cs.LG papers
 * each) against a stand-in that answers like Algolia's Hacker News search (pages of at most 1,000 hits, at most
 * 1,000 hits reachable per query, {@code nbHits} the full count). Counts the requests of one discovery over the
 * month, a discovery an hour later, and a refresh a day later, each against a reference the bench derives from the
 * stand-in's own stories, never from the code under test.
 */
final class HackerNewsBench {
    /** Algolia's largest page, and the most hits one query reaches (the API page: paginationLimitedTo 1000). */
    private static final int PAGE_CAP = 1_000;
    /** Ids per lookup by tag that hotpapers sends; the API documents no limit, so the reference assumes this one. */
    private static final int LOOKUP_IDS = 100;
    /** Requests per hour and IP (the API page). */
    private static final int HOURLY_LIMIT = 10_000;
    private static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    private static final Instant NOW = Instant.parse("2026-10-30T12:00:00Z");
    private static final Pattern FILTER = Pattern.compile("created_at_i(>=|>|<=|<)(\\d+)");

    /** A stand-in item: a story or a comment, whether it links a paper of the month, and whether it was deleted. */
    private record Item(long id, boolean story, String url, long points, long comments, long createdAtSecond,
                        LocalDate mailing) {
        boolean monthPaper() {
            return mailing != null;
        }
    }

    void run(double scale) throws Exception {
        int perDate = (int) Math.max(1, 400 * scale);
        for (long seed : new long[] {17, 18, 19}) {
            runOnce(perDate, seed);
        }
    }

    private void runOnce(int perDate, long seed) throws Exception {
        Random random = new Random(seed);
        BenchClock clock = new BenchClock(NOW);
        MailingCalendar calendar = new MailingCalendar(List.of());
        List<LocalDate> dates = calendar.mailingDates(FIRST, FIRST.plusDays(40)).subList(0, 20);
        List<Item> items = new CopyOnWriteArrayList<>();
        Set<Long> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long earliestSubmission = Long.MAX_VALUE;
        try (BenchDatabase bench = new BenchDatabase(); MockWebServer server = new MockWebServer()) {
            PaperStore papers = new PaperStore(bench.database.jdbi(), clock);
            ListingStore listings = new ListingStore(bench.database.jdbi(), clock);
            long nextId = 45_000_000;
            for (int d = 0; d < dates.size(); d++) {
                Instant submitted = calendar.window(dates.get(d)).start().plusSeconds(60);
                earliestSubmission = Math.min(earliestSubmission, submitted.getEpochSecond());
                List<Paper> batch = new ArrayList<>();
                List<Listing> listed = new ArrayList<>();
                for (int i = 0; i < perDate; i++) {
                    int number = d * perDate + i;
                    String id = String.format("2610.%05d", number);
                    batch.add(new Paper(id, 1, "Paper " + id, "Abstract", List.of("A"), "cs.LG", List.of("cs.LG"),
                            submitted, submitted, null, null, null));
                    listed.add(new Listing(dates.get(d), "cs.LG", id, AnnounceType.NEW));
                    // stories linking the paper: abs, pdf, a later version on www.
                    for (String url : links(number, id)) {
                        long from = submitted.getEpochSecond() + 3600;
                        items.add(new Item(nextId++, true, url, random.nextInt(400), random.nextInt(150),
                                from + (long) (random.nextDouble() * (NOW.getEpochSecond() - 7200 - from)),
                                dates.get(d)));
                    }
                    if (number % 8 == 0) { // a comment that links the paper: never a post
                        items.add(new Item(nextId++, false, null, 0, 0, submitted.getEpochSecond() + 7200, null));
                    }
                }
                papers.upsert(batch);
                listings.record(listed);
            }
            long windowStart = earliestSubmission;
            for (int i = 0; i < perDate * 3 / 2; i++) { // other arXiv papers and listing pages in the window
                String url = i % 10 == 0 ? "https://arxiv.org/list/cs.LG/recent"
                        : String.format("https://arxiv.org/abs/2509.%05d", i);
                items.add(new Item(nextId++, true, url, random.nextInt(100), random.nextInt(40),
                        between(random, windowStart, NOW.getEpochSecond()), null));
            }
            for (int i = 0; i < perDate * 2; i++) { // arXiv stories before the window, and links elsewhere in it
                items.add(new Item(nextId++, true, String.format("https://arxiv.org/abs/2607.%05d", i), 5, 1,
                        between(random, windowStart - 90 * 86_400, windowStart - 1), null));
                items.add(new Item(nextId++, true, "https://github.com/example/repo" + i, 5, 1,
                        between(random, windowStart, NOW.getEpochSecond()), null));
            }

            AtomicInteger windowRequests = new AtomicInteger();
            AtomicInteger lookupRequests = new AtomicInteger();
            AlgoliaStandIn standIn = new AlgoliaStandIn(items, deleted, windowRequests, lookupRequests, clock);
            server.setDispatcher(standIn);
            server.start();
            Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, Sleeper.SYSTEM, new Random(1));
            OkHttpClient http = HackerNewsClient.polite(new OkHttpClient.Builder(), Duration.ofMillis(1),
                    Clock.systemUTC(), Sleeper.SYSTEM).build();
            HackerNewsClient client = new HackerNewsClient(server.url("/api/v1"), http, clock, retrier,
                    new ObjectMapper());
            PostBudget budget = new PostBudget(new UsageStore(bench.database.jdbi()), HackerNewsSource.NAME,
                    Long.MAX_VALUE, clock);
            HackerNewsSource source = new HackerNewsSource(client, new ArxivLinkExtractor(), budget,
                    HackerNewsSource.DEFAULT_MAX_REQUESTS_PER_ROUND, clock);
            PostStore posts = new PostStore(bench.database.jdbi(), clock);
            SnapshotStore snapshots = new SnapshotStore(bench.database.jdbi());
            IngestRunStore runs = new IngestRunStore(bench.database.jdbi(), clock, new ObjectMapper());
            DiscoveryService discovery = new DiscoveryService(source, papers, posts, snapshots,
                    new CursorStore(bench.database.jdbi(), clock), runs, clock);

            // 1. one discovery over the month: every arXiv story of the window must be read, 1,000 a request
            long started = System.nanoTime();
            DiscoveryService.Result month = discovery.discover(List.of("cs.LG"), dates.get(0), dates.get(19));
            double monthSeconds = (System.nanoTime() - started) / 1e9;
            long inWindow = count(items, deleted, item -> item.story() && isArxiv(item.url())
                    && item.createdAtSecond() >= windowStart && item.createdAtSecond() <= NOW.getEpochSecond());
            long discoveryMinimum = ceil(inWindow, PAGE_CAP);
            long monthStories = count(items, deleted, item -> item.monthPaper());

            // 2. an hour on, three new stories: the next round reads the last hour (and its overlap) only
            clock.advance(Duration.ofHours(1));
            int before = windowRequests.get();
            for (int i = 0; i < 3; i++) {
                items.add(new Item(nextId++, true, String.format("https://arxiv.org/abs/2610.%05d", 7 * i), 1, 0,
                        NOW.getEpochSecond() + 600 + i, dates.get(0)));
            }
            DiscoveryService.Result hourly = discovery.discover(List.of("cs.LG"), dates.get(0), dates.get(19));
            int hourlyRequests = windowRequests.get() - before;

            // 3. a day on, every story of a paper announced in the last 30 days (the refresh schedule's horizon) is
            // due; ten of the newest papers' stories were deleted meanwhile
            LocalDate last = dates.get(dates.size() - 1);
            items.stream().filter(item -> last.equals(item.mailing())).limit(10)
                    .forEach(item -> deleted.add(item.id()));
            clock.advance(Duration.ofDays(1));
            Instant horizon = clock.instant().minus(RefreshPolicy.standard().horizon());
            int windowBefore = windowRequests.get();
            int lookupsBefore = lookupRequests.get();
            RefreshService.Result refreshed = new RefreshService(source, posts, snapshots, runs,
                    RefreshPolicy.standard(), clock).refresh();
            int refreshRequests = windowRequests.get() - windowBefore + lookupRequests.get() - lookupsBefore;
            List<Item> due = items.stream().filter(item -> item.monthPaper()
                    && item.mailing().atStartOfDay(java.time.ZoneId.of("America/New_York")).toInstant().isAfter(horizon))
                    .toList();
            long refreshFloor = ceil(due.size(), PAGE_CAP);
            long refreshPlan = bestRefreshPlan(items, deleted, due, clock.instant().getEpochSecond());

            System.out.printf("hackernews (seed %d): %,d papers over %d mailing dates, %,d stories link them "
                    + "(%,d stored), %,d arXiv stories in the window%n", seed, perDate * dates.size(), dates.size(),
                    monthStories, month.postsStored(), inWindow);
            System.out.printf("hackernews: discovery of the month: %d requests vs minimum %d = ceil(arXiv stories "
                    + "in the window / %d) (ratio %.2f), %.2f s%n", month.requests(), discoveryMinimum, PAGE_CAP,
                    month.requests() / (double) discoveryMinimum, monthSeconds);
            System.out.printf("hackernews: discovery an hour later: %d request(s) vs minimum 1 (%d new stored)%n",
                    hourlyRequests, hourly.postsStored());
            System.out.printf("hackernews: refresh a day later: %d requests (%d window, %d lookups) for %,d due "
                    + "(bench: %,d), %d gone; vs best plan %d = min over k of k window pages + ceil(rest / %d) "
                    + "(ratio %.2f); vs floor %d = ceil(due / %d) (ratio %.2f)%n", refreshRequests,
                    windowRequests.get() - windowBefore, lookupRequests.get() - lookupsBefore, refreshed.due(),
                    due.size(), refreshed.gone(), refreshPlan, LOOKUP_IDS, refreshRequests / (double) refreshPlan,
                    refreshFloor, PAGE_CAP, refreshRequests / (double) refreshFloor);
            System.out.printf("hackernews: 429 answers %d; load %s%n", standIn.throttled.get(), Load.now());
            long total = month.requests() + hourlyRequests + refreshRequests;
            long reference = discoveryMinimum + 1 + refreshPlan;
            System.out.printf("hackernews: discovery + refresh: %d requests vs %d (ratio %.2f)%n", total, reference,
                    total / (double) reference);
        }
    }

    /** The paper links of the month's stories, by the paper's number. */
    private static List<String> links(int number, String id) {
        List<String> links = new ArrayList<>();
        if (number % 7 == 0) {
            links.add("https://arxiv.org/abs/" + id);
        }
        if (number % 31 == 0) {
            links.add("https://arxiv.org/pdf/" + id);
        }
        if (number % 53 == 0) {
            links.add("https://www.arxiv.org/abs/" + id + "v2");
        }
        return links;
    }

    /**
     * The fewest requests that re-read every due story: k pages of the arXiv window, newest first (1,000 stories
     * each, as if no page overlapped), then the due stories those pages lack by id, {@value #LOOKUP_IDS} a request.
     */
    private static long bestRefreshPlan(List<Item> items, Set<Long> deleted, List<Item> due, long now) {
        Set<Long> dueIds = new HashSet<>();
        due.forEach(item -> dueIds.add(item.id()));
        List<Item> window = items.stream().filter(item -> item.story() && isArxiv(item.url())
                        && !deleted.contains(item.id()) && item.createdAtSecond() <= now)
                .sorted(Comparator.comparingLong(Item::createdAtSecond).reversed()).toList();
        long best = ceil(dueIds.size(), LOOKUP_IDS);
        long covered = 0;
        for (int k = 1; (k - 1) * PAGE_CAP < window.size(); k++) {
            for (int i = (k - 1) * PAGE_CAP; i < Math.min(window.size(), k * PAGE_CAP); i++) {
                covered += dueIds.contains(window.get(i).id()) ? 1 : 0;
            }
            best = Math.min(best, k + ceil(dueIds.size() - covered, LOOKUP_IDS));
        }
        return best;
    }

    private static long count(List<Item> items, Set<Long> deleted, java.util.function.Predicate<Item> which) {
        return items.stream().filter(item -> !deleted.contains(item.id())).filter(which).count();
    }

    private static boolean isArxiv(String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        return parsed != null && (parsed.host().equals("arxiv.org") || parsed.host().endsWith(".arxiv.org"));
    }

    private static long between(Random random, long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }

    private static long ceil(long count, long per) {
        return Math.max(1, (count + per - 1) / per);
    }

    /**
     * Answers like Algolia's Hacker News search: {@code search_by_date} with {@code query} matched against url
     * hosts, {@code tags} story or comment, {@code numericFilters} on created_at_i, newest first; {@code search}
     * with {@code tags=story,(story_1,…)}; {@code hitsPerPage} capped at 1,000, {@code nbPages} over at most 1,000
     * reachable hits, {@code nbHits} the full count; at most {@value #HOURLY_LIMIT} requests an hour (API page),
     * HTTP 429 beyond (the API documents no headers for it).
     */
    private static final class AlgoliaStandIn extends Dispatcher {
        private final List<Item> items;
        private final Set<Long> deleted;
        private final AtomicInteger windows;
        private final AtomicInteger lookups;

        final AtomicInteger throttled = new AtomicInteger();
        private final Clock clock;
        private long hourEnd;
        private int remaining;

        AlgoliaStandIn(List<Item> items, Set<Long> deleted, AtomicInteger windows, AtomicInteger lookups,
                       Clock clock) {
            this.clock = clock;
            this.items = items;
            this.deleted = deleted;
            this.windows = windows;
            this.lookups = lookups;
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            long second = clock.instant().getEpochSecond();
            if (hourEnd == 0 || second >= hourEnd) {
                hourEnd = second + 3600;
                remaining = HOURLY_LIMIT;
            }
            if (remaining == 0) {
                throttled.incrementAndGet();
                return new MockResponse.Builder().code(429).body("{\"message\":\"Too many requests\",\"status\":429}")
                        .build();
            }
            remaining--;
            HttpUrl url = request.getUrl();
            String tags = url.queryParameter("tags");
            List<Item> matching = new ArrayList<>();
            if (url.encodedPath().endsWith("/search_by_date")) {
                windows.incrementAndGet();
                long from = Long.MIN_VALUE;
                long to = Long.MAX_VALUE;
                Matcher filter = FILTER.matcher(url.queryParameter("numericFilters"));
                while (filter.find()) {
                    long value = Long.parseLong(filter.group(2));
                    switch (filter.group(1)) {
                        case ">=" -> from = Math.max(from, value);
                        case ">" -> from = Math.max(from, value + 1);
                        case "<=" -> to = Math.min(to, value);
                        default -> to = Math.min(to, value - 1);
                    }
                }
                boolean stories = "story".equals(tags);
                String term = url.queryParameter("query");
                for (Item item : items) {
                    if (item.story() == stories && !deleted.contains(item.id()) && item.createdAtSecond() >= from
                            && item.createdAtSecond() <= to && item.url() != null && term.equals("arxiv.org")
                            && isArxiv(item.url())) {
                        matching.add(item);
                    }
                }
                matching.sort(Comparator.comparingLong(Item::createdAtSecond).reversed());
            } else {
                lookups.incrementAndGet();
                Set<String> wanted = Set.of(tags.substring("story,(".length(), tags.length() - 1).split(","));
                for (Item item : items) {
                    if (item.story() && !deleted.contains(item.id()) && wanted.contains("story_" + item.id())) {
                        matching.add(item);
                    }
                }
            }
            int hitsPerPage = Math.min(PAGE_CAP, Integer.parseInt(url.queryParameter("hitsPerPage")));
            int page = Integer.parseInt(url.queryParameter("page"));
            int reachable = Math.min(PAGE_CAP, matching.size());
            int pages = (reachable + hitsPerPage - 1) / hitsPerPage;
            StringBuilder hits = new StringBuilder();
            for (int i = page * hitsPerPage; i < Math.min(reachable, (page + 1) * hitsPerPage); i++) {
                Item item = matching.get(i);
                hits.append(hits.length() == 0 ? "" : ",").append("{\"_tags\":[\"story\",\"author_u").append(i)
                        .append("\",\"story_").append(item.id()).append("\"],\"author\":\"u").append(i)
                        .append("\",\"created_at_i\":").append(item.createdAtSecond()).append(",\"num_comments\":")
                        .append(item.comments()).append(",\"objectID\":\"").append(item.id()).append("\",\"points\":")
                        .append(item.points()).append(",\"title\":\"Story ").append(item.id())
                        .append("\",\"url\":\"").append(item.url()).append("\"}");
            }
            return new MockResponse.Builder().code(200).body("{\"hits\":[" + hits + "],\"hitsPerPage\":" + hitsPerPage
                    + ",\"nbHits\":" + matching.size() + ",\"nbPages\":" + pages + ",\"page\":" + page
                    + ",\"exhaustiveNbHits\":true,\"processingTimeMS\":1}").build();
        }
    }
}
