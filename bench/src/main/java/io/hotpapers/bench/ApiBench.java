package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.arxiv.SubmissionWindow;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MailingDates;
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
import io.hotpapers.social.x.QueryPacker;
import io.hotpapers.social.x.XClient;
import io.hotpapers.social.x.XRateLimiter;
import io.hotpapers.social.x.XSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * Scenario "api": a busy month (20 mailing dates from 2026-10-01, 400 new cs.LG papers a date, a tenth more
 * replaced, a quarter more in another category) against stand-ins that answer, page and throttle as the real APIs
 * are documented to ({@link ArxivStandIn}, {@link XStandIn}). Time is simulated ({@link SimulatedTime}): the real
 * 3-second arXiv interval and X's 15-minute windows hold, but waiting costs nothing. Every reference is computed
 * from the stand-ins' data and the APIs' documented limits, never by asking the code under test.
 */
final class ApiBench {
    /** arXiv's politeness interval (API-NOTES: one request every 3 seconds). */
    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    private static final int DATES = 20;
    /** The X operator that keeps retweets out; a reference query carries it, as retweets would be read and billed. */
    private static final String ORIGINALS = " -is:retweet";

    void run(double scale) throws Exception {
        int perDate = (int) Math.max(10, 400 * scale);
        MailingCalendar calendar = new MailingCalendar(List.of());
        List<LocalDate> dates = calendar.mailingDates(FIRST, FIRST.plusDays(40)).subList(0, DATES);
        Instant lastEnd = calendar.window(dates.get(DATES - 1)).end();
        SimulatedTime time = new SimulatedTime(lastEnd.plus(Duration.ofHours(10)));
        Map<String, LocalDate> mailingOf = new HashMap<>();
        List<ArxivStandIn.Paper> arxivPapers = arxivPapers(calendar, dates, perDate, mailingOf);
        ArxivStandIn arxivStandIn = new ArxivStandIn(arxivPapers, time, INTERVAL);
        System.out.printf("api: load before: %s%n", Load.now());
        try (BenchDatabase bench = new BenchDatabase(); MockWebServer arxiv = new MockWebServer();
             MockWebServer x = new MockWebServer()) {
            arxiv.setDispatcher(arxivStandIn);
            arxiv.start();
            Retrier retrier = new Retrier(Retrier.Policy.standard(), time, time, new Random(1));
            OkHttpClient arxivHttp = new OkHttpClient.Builder()
                    .addInterceptor(RequestSpacer.afterEnd(INTERVAL, time, time)).build();
            ArxivClient client = new ArxivClient(arxiv.url("/api/query"), arxiv.url("/rss/"), arxivHttp, time, retrier);
            PaperStore papers = new PaperStore(bench.database.jdbi(), time);
            IngestRunStore runs = new IngestRunStore(bench.database.jdbi(), time, new ObjectMapper());
            CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());

            // 1. arXiv: the month's listings
            Instant started = time.instant();
            long wallStarted = System.nanoTime();
            BackfillService backfill = new BackfillService(client, calendar,
                    new ListingStore(bench.database.jdbi(), time), runs, time, ArxivClient.MAX_PAGE_SIZE);
            int stored = backfill.backfill(dates.get(0), dates.get(DATES - 1), selection, (r, d, t, e) -> { })
                    .papers();
            Duration arxivTime = Duration.between(started, time.instant());
            double arxivWall = (System.nanoTime() - wallStarted) / 1e9;
            reportArxiv(calendar, dates, arxivStandIn, stored, arxivTime, arxivWall);

            // 2. X: one discovery over the month's papers
            Instant discoveryAt = time.instant();
            XStandIn xStandIn = new XStandIn(time, mailingOf.keySet().stream().sorted().toList(), discoveryAt);
            x.setDispatcher(xStandIn);
            x.start();
            OkHttpClient xHttp = new OkHttpClient.Builder()
                    .addInterceptor(new XRateLimiter(time, time, WaitLimit.standard())).build();
            PostBudget budget = new PostBudget(new UsageStore(bench.database.jdbi()), XSource.NAME, 1_000_000_000L,
                    time);
            XSource source = new XSource(new XClient(x.url("/"), xHttp, time, retrier, new ObjectMapper()),
                    new QueryPacker(XStandIn.QUERY_MAX_LENGTH), new ArxivLinkExtractor(), budget, false, 50, time);
            PostStore posts = new PostStore(bench.database.jdbi(), time);
            SnapshotStore snapshots = new SnapshotStore(bench.database.jdbi());
            DiscoveryService discovery = new DiscoveryService(source, papers, posts, snapshots,
                    new CursorStore(bench.database.jdbi(), time), runs, time);
            DiscoveryService.Result found = discovery.discover(selection.configured(), dates.get(0),
                    dates.get(DATES - 1));
            Duration discoveryTime = Duration.between(discoveryAt, time.instant());
            reportSearch(xStandIn, found, discoveryAt, discoveryTime, mailingOf);

            // 3. X: a refresh a day later
            time.advance(Duration.ofDays(1).plusHours(1));
            int lookupsBefore = xStandIn.tweetLookups.get();
            RefreshService.Result refreshed = new RefreshService(source, posts, snapshots, runs,
                    RefreshPolicy.standard(), time).refresh();
            reportRefresh(xStandIn, refreshed, xStandIn.tweetLookups.get() - lookupsBefore, discoveryAt, mailingOf,
                    time.instant());
            System.out.printf("api: throttled answers: arXiv %d, X %d; X invalid requests %d; load after: %s%n",
                    arxivStandIn.throttled.get(), xStandIn.throttled.get(), xStandIn.rejected.get(), Load.now());
        }
    }

    /**
     * The month in the stand-in: per mailing date, new cs.LG papers spread over its submission window, a tenth as
     * many older cs.LG papers replaced (version 2) in it, and a quarter as many math.CO papers (not asked for).
     */
    private static List<ArxivStandIn.Paper> arxivPapers(MailingCalendar calendar, List<LocalDate> dates, int perDate,
                                                        Map<String, LocalDate> mailingOf) {
        List<ArxivStandIn.Paper> papers = new ArrayList<>();
        int replaced = 0;
        int other = 0;
        for (int d = 0; d < dates.size(); d++) {
            SubmissionWindow window = calendar.window(dates.get(d));
            long seconds = Duration.between(window.start(), window.end()).toSeconds();
            for (int i = 0; i < perDate; i++) {
                Instant at = window.start().plusSeconds(seconds * (2L * i + 1) / (2L * perDate));
                String id = String.format("2610.%05d", d * perDate + i);
                papers.add(new ArxivStandIn.Paper(id, "cs.LG", at, at, 1));
                mailingOf.put(id, dates.get(d));
            }
            for (int i = 0; i < perDate / 10; i++) {
                Instant at = window.start().plusSeconds(seconds * (2L * i + 1) / (2L * (perDate / 10)));
                String id = String.format("2608.%05d", replaced++);
                papers.add(new ArxivStandIn.Paper(id, "cs.LG", Instant.parse("2026-08-10T12:00:00Z"), at, 2));
                mailingOf.put(id, dates.get(d));
            }
            for (int i = 0; i < perDate / 4; i++) {
                Instant at = window.start().plusSeconds(seconds * (2L * i + 1) / (2L * (perDate / 4)));
                papers.add(new ArxivStandIn.Paper(String.format("2610.%05d", 50_000 + other++), "math.CO", at, at, 1));
            }
        }
        return papers;
    }

    private static void reportArxiv(MailingCalendar calendar, List<LocalDate> dates, ArxivStandIn standIn, int stored,
                                    Duration simulated, double wall) {
        List<Instant[]> all = new ArrayList<>();
        int perDateReference = 0;
        for (LocalDate date : dates) {
            SubmissionWindow window = calendar.window(date);
            Instant[] range = {window.start(), window.end().minusSeconds(60)};
            all.add(range);
            perDateReference += pages(standIn.matching(Set.of("cs.LG"), List.<Instant[]>of(range),
                    List.<Instant[]>of(range)).size(), ArxivStandIn.PAGE_MAX);
        }
        // the mailing windows tile time, so one query over their union (one range, or their ranges OR-ed) returns
        // exactly the entries the month needs, 2,000 a page
        int needed = standIn.matching(Set.of("cs.LG"), all, all).size();
        int minimum = pages(needed, ArxivStandIn.PAGE_MAX);
        int requests = standIn.requests.get();
        if (stored != needed) {
            System.out.printf("api: CHECK FAILED: the backfill stored %,d papers, the month holds %,d%n", stored, needed);
        }
        System.out.printf("api: arXiv: %,d papers stored of the %,d the month's windows hold (%s)%n", stored, needed,
                stored == needed ? "checked" : "MISMATCH");
        System.out.printf("api: arXiv requests %d vs minimum %d = ceil(%,d entries / %d a page) over one query of "
                        + "the month (ratio %.2f, target <= 1.1: %s); vs one query per mailing date %d (ratio %.2f)%n",
                requests, minimum, needed, ArxivStandIn.PAGE_MAX, requests / (double) minimum,
                met(requests / (double) minimum), perDateReference, requests / (double) perDateReference);
        double floor = (minimum - 1) * INTERVAL.toSeconds();
        double ownFloor = (requests - 1) * INTERVAL.toSeconds();
        System.out.printf("api: arXiv time %.1f s (simulated waits + %.1f s of real work) vs politeness floor %.0f s "
                        + "= (minimum - 1) x 3 s (ratio %s); vs (own requests - 1) x 3 s = %.0f s (ratio %s)%n",
                simulated.toMillis() / 1000.0, wall, floor,
                floor == 0 ? "n/a: one request" : String.format("%.2f", simulated.toMillis() / 1000.0 / floor),
                ownFloor,
                ownFloor == 0 ? "n/a: one request" : String.format("%.2f", simulated.toMillis() / 1000.0 / ownFloor));
    }

    /**
     * The fewest search requests, bounded from below twice: the terms each paper needs (one {@code url:} term per
     * link token its posts use, {@code url:"ID"} for a paper without posts) must fit into queries of at most 512
     * characters with {@code " OR "} between terms and {@code "( … ) -is:retweet"} around them; and the original
     * posts in reach come 100 a page.
     */
    private static void reportSearch(XStandIn standIn, DiscoveryService.Result found, Instant at, Duration simulated,
                                     Map<String, LocalDate> mailingOf) {
        Instant reach = at.minus(XStandIn.RECENT_REACH);
        long hindsightLength = 0;
        long blindLength = 0;
        int originals = 0;
        Set<Long> authors = new HashSet<>();
        for (Map.Entry<String, List<XStandIn.Tweet>> paper : standIn.byPaper.entrySet()) {
            Set<String> tokens = new LinkedHashSet<>();
            for (XStandIn.Tweet tweet : paper.getValue()) {
                if (!tweet.retweet() && !tweet.createdAt().isBefore(reach)) {
                    originals++;
                    authors.add(tweet.authorId());
                    List<String> urlTokens = XStandIn.tokens(tweet.url());
                    tokens.add(urlTokens.get(urlTokens.size() - 1));
                }
            }
            if (tokens.isEmpty()) {
                tokens.add(paper.getKey());
            }
            for (String token : tokens) {
                hindsightLength += term(token).length() + 4;
            }
            // without knowing the posts: the id and each version up to the latest (a versioned link is its own token)
            int versions = paper.getKey().startsWith("2608.") ? 2 : 1;
            blindLength += term(paper.getKey()).length() + 4;
            for (int v = 1; v <= versions; v++) {
                blindLength += term(paper.getKey() + "v" + v).length() + 4;
            }
        }
        int capacity = XStandIn.QUERY_MAX_LENGTH - 2 - ORIGINALS.length() + 4;
        long byLength = ceil(hindsightLength, capacity);
        long byPages = ceil(originals, XStandIn.PAGE_MAX);
        long minimum = Math.max(byLength, byPages);
        long blind = Math.max(ceil(blindLength, capacity), byPages);
        int searches = standIn.searches.get();
        System.out.printf("api: X: %,d papers, %,d original posts in the 7-day reach (%,d stored by discovery, %s)%n",
                mailingOf.size(), originals, found.postsStored(), found.postsStored() == originals ? "checked"
                        : "MISMATCH");
        System.out.printf("api: X search requests %d vs minimum %d = max(ceil(%,d term characters / %d), "
                        + "ceil(%,d posts / %d)) (ratio %.2f, target <= 1.1: %s); vs %d naming every version "
                        + "(ratio %.2f)%n", searches, minimum, hindsightLength, capacity, originals,
                XStandIn.PAGE_MAX, searches / (double) minimum, met(searches / (double) minimum), blind,
                searches / (double) blind);
        long userMinimum = ceil(authors.size(), XStandIn.IDS_MAX);
        System.out.printf("api: X user look-ups %d vs minimum %d = ceil(%,d authors / %d) (ratio %.2f, target <= 1.1:"
                        + " %s)%n", standIn.userLookups.get(), userMinimum, authors.size(), XStandIn.IDS_MAX,
                standIn.userLookups.get() / (double) userMinimum, met(standIn.userLookups.get() / (double) userMinimum));
        long windows = ceil(minimum, XStandIn.SEARCH_LIMIT) - 1;
        System.out.printf("api: X discovery took %.1f min (simulated) vs rate-limit floor %d min = (ceil(minimum / "
                        + "%d) - 1) x 15 min%n", simulated.toSeconds() / 60.0, windows * 15, XStandIn.SEARCH_LIMIT);
    }

    /**
     * Look-ups of the refresh: every stored post of a paper whose first mailing is within the default schedule's
     * 30 days is due a day later (its intervals are at most a day), 100 ids a request.
     */
    private static void reportRefresh(XStandIn standIn, RefreshService.Result refreshed, int lookups, Instant at,
                                      Map<String, LocalDate> mailingOf, Instant now) {
        Instant reach = at.minus(XStandIn.RECENT_REACH);
        Instant horizon = now.minus(Duration.ofDays(30));
        int due = 0;
        for (Map.Entry<String, List<XStandIn.Tweet>> paper : standIn.byPaper.entrySet()) {
            Instant announced = mailingOf.get(paper.getKey()).atStartOfDay(MailingDates.ZONE).toInstant();
            if (!announced.isAfter(horizon)) {
                continue;
            }
            due += (int) paper.getValue().stream()
                    .filter(tweet -> !tweet.retweet() && !tweet.createdAt().isBefore(reach)).count();
        }
        long minimum = ceil(due, XStandIn.IDS_MAX);
        System.out.printf("api: X lookup requests %d vs minimum %d = ceil(%,d due posts / %d) (ratio %.2f, target "
                        + "<= 1.1: %s); the refresh counted %,d due (%s)%n", lookups, minimum, due, XStandIn.IDS_MAX,
                lookups / (double) minimum, met(lookups / (double) minimum), refreshed.due(),
                refreshed.due() == due ? "checked" : "MISMATCH");
    }

    private static String term(String token) {
        return "url:\"" + token + "\"";
    }

    static String met(double ratio) {
        return ratio <= 1.1 ? "met" : "MISSED";
    }

    private static int pages(int entries, int pageSize) {
        return Math.max(1, (entries + pageSize - 1) / pageSize);
    }

    private static long ceil(long count, long per) {
        return Math.max(1, (count + per - 1) / per);
    }
}
