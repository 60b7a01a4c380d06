package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.x.QueryPacker;
import io.hotpapers.social.x.XClient;
import io.hotpapers.social.x.XSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * Scenario 1: a synthetic busy month (≈ 8,000 papers over 20 mailing dates, ≈ 30,000 tweets) against stand-ins
 * that count requests; reports each count against its minimum, and arXiv wall time against the politeness floor.
 */
final class ApiBench {
    /** Scaled down from arXiv's 3 s so that the scenario runs in seconds; the ratio is what matters. */
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    private static final Pattern URL_TERM = Pattern.compile("url:\"(\\d{4}\\.\\d{5})\"");

    void run(double scale) throws Exception {
        int perDate = (int) Math.max(1, 400 * scale);
        BenchClock clock = new BenchClock(Instant.parse("2026-10-30T12:00:00Z"));
        MailingCalendar calendar = new MailingCalendar(List.of());
        List<LocalDate> dates = calendar.mailingDates(FIRST, FIRST.plusDays(40)).subList(0, 20);
        AtomicInteger arxivRequests = new AtomicInteger();
        AtomicInteger searchRequests = new AtomicInteger();
        AtomicInteger lookupRequests = new AtomicInteger();
        try (BenchDatabase bench = new BenchDatabase(); MockWebServer arxiv = new MockWebServer();
             MockWebServer x = new MockWebServer()) {
            arxiv.setDispatcher(new ArxivStandIn(calendar, dates, perDate, arxivRequests));
            x.setDispatcher(new XStandIn(searchRequests, lookupRequests));
            arxiv.start();
            x.start();
            Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, Sleeper.SYSTEM, new Random(1));
            OkHttpClient arxivHttp = new OkHttpClient.Builder()
                    .addInterceptor(new RequestSpacer(INTERVAL, Clock.systemUTC(), Sleeper.SYSTEM)).build();
            ArxivClient client = new ArxivClient(arxiv.url("/api/query"), arxiv.url("/rss/"), arxivHttp, clock, retrier);
            PaperStore papers = new PaperStore(bench.database.jdbi(), clock);
            IngestRunStore runs = new IngestRunStore(bench.database.jdbi(), clock, new ObjectMapper());
            CategorySelection selection = new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load());

            long started = System.nanoTime();
            BackfillService backfill = new BackfillService(client, calendar,
                    new ListingStore(bench.database.jdbi(), clock), runs, clock, ArxivClient.MAX_PAGE_SIZE);
            int stored = backfill.backfill(dates.get(0), dates.get(dates.size() - 1), selection, (r, d, t, e) -> { })
                    .papers();
            double arxivSeconds = (System.nanoTime() - started) / 1e9;
            int arxivMinimum = dates.size() * (int) Math.ceil(perDate / (double) ArxivClient.MAX_PAGE_SIZE);
            double floor = arxivRequests.get() * INTERVAL.toMillis() / 1000.0;

            QueryPacker packer = new QueryPacker(512);
            PostBudget budget = new PostBudget(new UsageStore(bench.database.jdbi()), XSource.NAME, 1_000_000_000L,
                    clock);
            XSource source = new XSource(new XClient(x.url("/"), new OkHttpClient(), clock, retrier, new ObjectMapper()),
                    packer, new ArxivLinkExtractor(), budget, false, 50, clock);
            PostStore tweets = new PostStore(bench.database.jdbi(), clock);
            SnapshotStore snapshots = new SnapshotStore(bench.database.jdbi());
            DiscoveryService discovery = new DiscoveryService(source, papers, tweets, snapshots,
                    new CursorStore(bench.database.jdbi(), clock), runs, clock);
            DiscoveryService.Result found = discovery.discover(selection.configured(), dates.get(0),
                    dates.get(dates.size() - 1));
            List<PaperTarget> targets = new ArrayList<>();
            papers.listedPapers(selection.configured(), dates.get(0), dates.get(dates.size() - 1))
                    .forEach(paper -> targets.add(new PaperTarget(paper.arxivId(), paper.latestVersion(), null)));
            int searchMinimum = packer.pack(targets).size();

            clock.advance(Duration.ofDays(1).plusHours(1));
            RefreshService.Result refreshed = new RefreshService(source, tweets, snapshots, runs, RefreshPolicy.standard(),
                    clock).refresh();
            int lookupMinimum = (int) Math.ceil(refreshed.due() / 100.0);

            System.out.printf("api: %,d papers over %d mailing dates, %,d tweets%n", stored, dates.size(),
                    found.postsStored());
            System.out.printf("api: arXiv requests %d vs minimum %d (ratio %.2f); wall %.2f s vs politeness floor %.2f s "
                    + "(ratio %.2f, interval %d ms)%n", arxivRequests.get(), arxivMinimum,
                    arxivRequests.get() / (double) arxivMinimum, arxivSeconds, floor, arxivSeconds / floor,
                    INTERVAL.toMillis());
            System.out.printf("api: X search requests %d vs minimum %d = ceil(papers / papers-per-query) (ratio %.2f)%n",
                    searchRequests.get(), searchMinimum, searchRequests.get() / (double) searchMinimum);
            System.out.printf("api: X lookup requests %d vs minimum %d = ceil(due tweets / 100) (ratio %.2f), %d due%n",
                    lookupRequests.get(), lookupMinimum, lookupRequests.get() / (double) lookupMinimum,
                    refreshed.due());
        }
    }

    /** Answers each window query with the papers of its date, paged as asked. */
    private static final class ArxivStandIn extends Dispatcher {
        private final MailingCalendar calendar;
        private final List<LocalDate> dates;
        private final int perDate;
        private final AtomicInteger requests;

        ArxivStandIn(MailingCalendar calendar, List<LocalDate> dates, int perDate, AtomicInteger requests) {
            this.calendar = calendar;
            this.dates = dates;
            this.perDate = perDate;
            this.requests = requests;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            String query = request.getUrl().queryParameter("search_query");
            String range = query.substring(query.indexOf("submittedDate:") + 14, query.indexOf(" OR lastUpdatedDate"));
            int dateIndex = -1;
            for (int i = 0; i < dates.size(); i++) {
                if (calendar.window(dates.get(i)).apiRange().equals(range)) {
                    dateIndex = i;
                }
            }
            int start = Integer.parseInt(request.getUrl().queryParameter("start"));
            int size = Integer.parseInt(request.getUrl().queryParameter("max_results"));
            Instant published = calendar.window(dates.get(dateIndex)).start().plusSeconds(60);
            StringBuilder entries = new StringBuilder();
            for (int i = start; i < Math.min(perDate, start + size); i++) {
                String id = String.format("2610.%05d", dateIndex * perDate + i);
                entries.append("<entry><id>http://arxiv.org/abs/").append(id).append("v1</id><title>Paper ").append(id)
                        .append("</title><updated>").append(published).append("</updated><published>").append(published)
                        .append("</published><summary>Abstract</summary><category term=\"cs.LG\"/>")
                        .append("<author><name>A</name></author></entry>");
            }
            return new MockResponse.Builder().code(200).body("<?xml version='1.0' encoding='UTF-8'?>"
                    + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">"
                    + "<id>x</id><title>q</title><updated>2026-10-01T00:00:00Z</updated>"
                    + "<opensearch:totalResults>" + perDate + "</opensearch:totalResults>"
                    + "<opensearch:startIndex>" + start + "</opensearch:startIndex>" + entries + "</feed>").build();
        }
    }

    /** Answers searches with (paper number mod 8) tweets per paper named in the query, and lookups with metrics. */
    static final class XStandIn extends Dispatcher {
        private final AtomicInteger searches;
        private final AtomicInteger lookups;

        XStandIn(AtomicInteger searches, AtomicInteger lookups) {
            this.searches = searches;
            this.lookups = lookups;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            List<String> tweets = new ArrayList<>();
            if (request.getUrl().encodedPath().startsWith("/2/tweets/search")) {
                searches.incrementAndGet();
                Matcher term = URL_TERM.matcher(request.getUrl().queryParameter("query"));
                while (term.find()) {
                    String id = term.group(1);
                    int number = Integer.parseInt(id.substring(5));
                    for (int k = 0; k < number % 8; k++) {
                        tweets.add(tweet(number * 10L + k + 1, id));
                    }
                }
            } else {
                lookups.incrementAndGet();
                for (String id : request.getUrl().queryParameter("ids").split(",")) {
                    tweets.add(tweet(Long.parseLong(id), "2610.00000"));
                }
            }
            String newest = tweets.isEmpty() ? "" : ",\"newest_id\":\"1\"";
            return new MockResponse.Builder().code(200).body("{\"data\":[" + String.join(",", tweets)
                    + "],\"meta\":{\"result_count\":" + tweets.size() + newest + "}}").build();
        }

        private static String tweet(long id, String arxivId) {
            return "{\"id\":\"" + id + "\",\"author_id\":\"" + (id % 977) + "\",\"created_at\":\"2026-10-20T10:00:00.000Z\","
                    + "\"text\":\"paper\",\"lang\":\"en\",\"public_metrics\":{\"retweet_count\":" + (id % 30)
                    + ",\"reply_count\":1,\"like_count\":" + (id % 90) + ",\"quote_count\":0},"
                    + "\"entities\":{\"urls\":[{\"expanded_url\":\"https://arxiv.org/abs/" + arxivId + "\"}]}}";
        }
    }
}
