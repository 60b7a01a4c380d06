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
import java.time.Duration;
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
 * Scenario "footprint". First the daemon as its own process ({@code java -Xmx256m … Main daemon}, the JVM's defaults
 * otherwise), started twice on a fresh home: the time from starting the {@code java} process to a healthy
 * {@code /health} (the embedded PostgreSQL's start included; the first start also unpacks and initialises it), and
 * once catch-up has settled, the resident memory of the daemon JVM and of every PostgreSQL process of its server
 * (RSS, and PSS, which splits shared pages such as shared buffers among the processes that map them). Then, in this
 * JVM, a simulated day of jobs against stand-ins: peak heap, this JVM's RSS and the server's.
 */
final class FootprintBench {
    private static final Pattern RANGE_START = Pattern.compile("submittedDate:\\[(\\d{12})");
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);

    void run() throws Exception {
        System.out.printf("footprint: load before: %s%n", Load.now());
        Path processHome = Files.createTempDirectory("hotpapers-footprint-process");
        try (MockWebServer arxiv = new MockWebServer(); MockWebServer x = new MockWebServer()) {
            startStandIns(arxiv, x);
            for (String start : List.of("first start (unpack + initdb)", "second start (existing data)")) {
                daemonProcess(start, environment(processHome, arxiv, x, freePort()), processHome);
            }
        }
        inProcessDay();
        System.out.printf("footprint: load after: %s%n", Load.now());
    }

    /** The arXiv stand-in answering any window, and X's with posts for 400 papers. */
    private static void startStandIns(MockWebServer arxiv, MockWebServer x) throws java.io.IOException {
        arxiv.setDispatcher(new AnyWindow());
        x.setDispatcher(new XStandIn(Clock.systemUTC(), java.util.stream.IntStream.range(0, 400)
                .mapToObj(i -> String.format("2611.%05d", i)).toList(), Instant.now()));
        arxiv.start();
        x.start();
    }

    private static Map<String, String> environment(Path home, MockWebServer arxiv, MockWebServer x, int port) {
        return Map.of(
                "HOTPAPERS_HOME", home.toString(),
                "HOTPAPERS_CATEGORIES", "cs.LG",
                "HOTPAPERS_SOURCES", "x",
                "ARXIV_API_URL", arxiv.url("/api/query").toString(),
                "ARXIV_RSS_URL", arxiv.url("/rss/").toString(),
                "ARXIV_MIN_INTERVAL", "PT0.05S",
                "X_BEARER_TOKEN", "bench-token",
                "X_API_URL", x.url("/").toString(),
                "HOTPAPERS_HTTP_ADDRESS", "127.0.0.1:" + port);
    }

    /** Starts the daemon as a process, times it to healthy, waits for catch-up to settle, measures, stops it. */
    private static void daemonProcess(String label, Map<String, String> environment, Path home) throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBinary, "-Xmx256m", "-Dlogback.configurationFile=logback-bench.xml",
                "-cp", System.getProperty("java.class.path"), "io.hotpapers.scheduler.Main", "daemon")
                .redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile());
        builder.environment().putAll(environment);
        URI health = URI.create("http://" + environment.get("HOTPAPERS_HTTP_ADDRESS") + "/health");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long started = System.nanoTime();
        Process daemon = builder.start();
        try {
            while (!healthy(http, health)) {
                if (!daemon.isAlive() || System.nanoTime() - started > HEALTHY_WITHIN.toNanos()) {
                    throw new IllegalStateException("the daemon did not become healthy (see " + home + "/daemon.log)");
                }
                Thread.sleep(10); // polling a condition; the time is measured around it
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(5_000); // catch-up runs at start: memory is measured 5 s after healthy, once it has settled
            long jvm = kilobytes(daemon.pid(), "VmRSS");
            long jvmPeak = kilobytes(daemon.pid(), "VmHWM");
            List<Long> postgres = postgresProcesses(home.resolve("pgdata"));
            long postgresRss = postgres.stream().mapToLong(pid -> kilobytes(pid, "VmRSS")).sum();
            long postgresPss = postgres.stream().mapToLong(FootprintBench::pss).sum();
            long jvmPss = pss(daemon.pid());
            System.out.printf("footprint: daemon process, %s: healthy %.2f s after the java process started (target "
                            + "<= 3 s; load %s)%n", label, seconds, Load.now());
            System.out.printf("footprint: daemon process, %s, 5 s after healthy (catch-up done): JVM RSS %d MB (peak %d MB, PSS %d MB); "
                            + "PostgreSQL %d processes RSS %d MB (PSS %d MB); together RSS %d MB, PSS %d MB (target <= "
                            + "400 MB)%n", label, jvm / 1024, jvmPeak / 1024, jvmPss / 1024, postgres.size(),
                    postgresRss / 1024, postgresPss / 1024, (jvm + postgresRss) / 1024, (jvmPss + postgresPss) / 1024);
        } finally {
            daemon.destroy(); // SIGTERM: the daemon's own clean stop, which stops its embedded server
            if (!daemon.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    private static boolean healthy(HttpClient http, URI health) {
        try {
            return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The server's postmaster (first line of postmaster.pid) and its children. */
    private static List<Long> postgresProcesses(Path dataDirectory) throws java.io.IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return List.of();
        }
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        List<Long> pids = new java.util.ArrayList<>(List.of(postmaster));
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(path -> path.getFileName().toString().matches("\\d+")).forEach(path -> {
                try {
                    String stat = Files.readString(path.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == postmaster) {
                        pids.add(Long.parseLong(path.getFileName().toString()));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended while listed
                }
            });
        }
        return pids;
    }

    private static long kilobytes(long pid, String field) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    private static long pss(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
    }

    /** A {@code NAME: N kB} line of a /proc file; 0 when the process is gone or the line missing. */
    private static long kilobytes(Path procFile, String field) {
        try {
            return kilobytes(Files.readString(procFile), field).orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static java.util.OptionalLong kilobytes(String text, String field) {
        Matcher matcher = Pattern.compile(field + ":\\s+(\\d+) kB").matcher(text);
        return matcher.find() ? java.util.OptionalLong.of(Long.parseLong(matcher.group(1))) : java.util.OptionalLong.empty();
    }

    /** The earlier in-process measurement: a simulated day of jobs in this JVM. */
    private static void inProcessDay() throws Exception {
        Path home = Files.createTempDirectory("hotpapers-footprint");
        try (MockWebServer arxiv = new MockWebServer(); MockWebServer x = new MockWebServer()) {
            startStandIns(arxiv, x);
            Map<String, String> environment = new java.util.HashMap<>(environment(home, arxiv, x, 0));
            environment.put("HOTPAPERS_HTTP_ADDRESS", "127.0.0.1:0");
            HotpapersConfig config = new ConfigLoader(environment, home, CategoryTaxonomy.load()).load();
            App app = new App(config, Clock.systemUTC(), Sleeper.SYSTEM, CategoryTaxonomy.load());
            long beforeDatabase = System.nanoTime();
            app.start();
            long databaseUp = System.nanoTime();
            Daemon daemon = new Daemon(app);
            daemon.start();
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + daemon.healthPort() + "/health");
            while (!healthy(http, health)) {
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
            List<Long> postgres = postgresProcesses(home.resolve("pgdata"));
            long postgresRss = postgres.stream().mapToLong(pid -> kilobytes(pid, "VmRSS")).sum();
            long postgresPss = postgres.stream().mapToLong(FootprintBench::pss).sum();
            System.out.printf("footprint: in this JVM: database up in %.1f s (embedded, first start in a fresh home); "
                            + "healthy %.2f s after the database was up (the process figures above are the start "
                            + "times)%n", (databaseUp - beforeDatabase) / 1e9, (healthy - databaseUp) / 1e9);
            System.out.printf("footprint: in this JVM, after a simulated day (catch-up of one mailing date, discovery, "
                            + "snapshots, digest): peak heap %d MB of max %d MB, JVM RSS %s, peak RSS %s (the stand-ins "
                            + "included); PostgreSQL %d processes RSS %d MB (PSS %d MB) (target <= 400 MB together)%n",
                    heapPeak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024), field(status, "VmRSS"),
                    field(status, "VmHWM"), postgres.size(), postgresRss / 1024, postgresPss / 1024);
            daemon.stop();
        }
    }

    private static String field(String status, String name) {
        java.util.OptionalLong kilobytes = kilobytes(status, name);
        return kilobytes.isPresent() ? (kilobytes.getAsLong() / 1024) + " MB" : "n/a";
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
