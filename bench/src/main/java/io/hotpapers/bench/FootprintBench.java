package io.hotpapers.bench;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.Daemon;
import io.hotpapers.scheduler.jobs.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Scenario 4: the daemon on the embedded database, a simulated day of jobs against stand-ins; reports time to
 * healthy after the database is up, peak heap and process RSS (PostgreSQL's own processes not counted).
 */
final class FootprintBench {
    private static final Pattern RANGE_START = Pattern.compile("submittedDate:\\[(\\d{12})");

    void run() throws Exception {
        Path home = Files.createTempDirectory("hotpapers-footprint");
        try (MockWebServer arxiv = new MockWebServer(); MockWebServer x = new MockWebServer()) {
            arxiv.setDispatcher(new AnyWindow());
            x.setDispatcher(new XStandIn(Clock.systemUTC(), java.util.stream.IntStream.range(0, 400)
                    .mapToObj(i -> String.format("2611.%05d", i)).toList(), Instant.now()));
            arxiv.start();
            x.start();
            Map<String, String> environment = Map.of(
                    "HOTPAPERS_HOME", home.toString(),
                    "HOTPAPERS_CATEGORIES", "cs.LG",
                    "ARXIV_API_URL", arxiv.url("/api/query").toString(),
                    "ARXIV_RSS_URL", arxiv.url("/rss/").toString(),
                    "ARXIV_MIN_INTERVAL", "PT0.05S",
                    "X_BEARER_TOKEN", "bench-token",
                    "X_API_URL", x.url("/").toString(),
                    "HOTPAPERS_HTTP_ADDRESS", "127.0.0.1:0");
            HotpapersConfig config = new ConfigLoader(environment, home, CategoryTaxonomy.load()).load();
            App app = new App(config, Clock.systemUTC(), Sleeper.SYSTEM, CategoryTaxonomy.load());
            long beforeDatabase = System.nanoTime();
            app.start();
            long databaseUp = System.nanoTime();
            Daemon daemon = new Daemon(app);
            daemon.start();
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + daemon.healthPort() + "/health");
            while (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode()
                    != 200) {
                Thread.sleep(10); // polling a condition; the time is measured around it
            }
            long healthy = System.nanoTime();
            for (Task task : List.of(Task.CATCH_UP, Task.DISCOVERY, Task.REFRESH, Task.DIGEST)) {
                app.jobs().run(task);
            }
            long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            String status = Files.readString(Path.of("/proc/self/status"));
            System.out.printf("footprint: database up in %.1f s (embedded, first start); healthy %.2f s after the "
                            + "database was up (target <= 3 s)%n", (databaseUp - beforeDatabase) / 1e9,
                    (healthy - databaseUp) / 1e9);
            System.out.printf("footprint: after a simulated day (catch-up of one mailing date, discovery, snapshots, "
                            + "digest): peak heap %d MB of max %d MB, JVM RSS %s, peak RSS %s (target <= 400 MB)%n",
                    heapPeak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024), field(status, "VmRSS"),
                    field(status, "VmHWM"));
            daemon.stop();
        }
    }

    private static String field(String status, String name) {
        Matcher matcher = Pattern.compile(name + ":\\s+(\\d+) kB").matcher(status);
        return matcher.find() ? (Long.parseLong(matcher.group(1)) / 1024) + " MB" : "n/a";
    }

    /** Answers any window query with 400 papers submitted in that window. */
    private static final class AnyWindow extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String query = request.getUrl().queryParameter("search_query");
            Matcher start = query == null ? null : RANGE_START.matcher(query);
            if (start == null || !start.find()) {
                return new MockResponse.Builder().code(200).body("<?xml version='1.0'?>"
                        + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>x</id><title>x</title>"
                        + "<updated>2026-01-01T00:00:00Z</updated></feed>").build();
            }
            String minute = start.group(1);
            Instant published = Instant.parse(minute.substring(0, 4) + "-" + minute.substring(4, 6) + "-"
                    + minute.substring(6, 8) + "T" + minute.substring(8, 10) + ":" + minute.substring(10, 12) + ":30Z");
            StringBuilder entries = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                String id = String.format("2611.%05d", i);
                entries.append("<entry><id>http://arxiv.org/abs/").append(id).append("v1</id><title>Paper ").append(id)
                        .append("</title><updated>").append(published).append("</updated><published>").append(published)
                        .append("</published><summary>Abstract</summary><category term=\"cs.LG\"/>")
                        .append("<author><name>A</name></author></entry>");
            }
            return new MockResponse.Builder().code(200).body("<?xml version='1.0' encoding='UTF-8'?>"
                    + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">"
                    + "<id>x</id><title>q</title><updated>2026-10-01T00:00:00Z</updated>"
                    + "<opensearch:totalResults>400</opensearch:totalResults>"
                    + "<opensearch:startIndex>0</opensearch:startIndex>" + entries + "</feed>").build();
        }
    }
}
