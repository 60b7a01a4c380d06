package io.hotpapers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.EmbeddedPost;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.social.bluesky.BlueskyPostRenderer;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.scheduler.health.HealthReport;
import io.hotpapers.scheduler.health.HealthServer;
import io.hotpapers.scheduler.site.SiteGenerator;
import io.hotpapers.scheduler.site.SiteHandler;
import io.hotpapers.scheduler.site.SiteQuery;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * Scenario "site": the web site of a year, 250 digests of 20 papers (5,000 paper pages), each paper linked by two X
 * posts and one post of a second source, ten snapshots each. Measures the full render into an empty directory,
 * a run with nothing changed, the daily update (one more day of data and its digest), and pages served by the
 * daemon's server at 100 concurrent keep-alive connections. The references are measured apart from the site's code:
 * writing the same bytes with plain {@code Files.write}, and fetching one tiny fixed response over the same server.
 */
final class SiteBench {
    private static final List<String> CATEGORIES = List.of("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML", "math.OC",
            "physics.optics", "q-bio.NC", "econ.EM", "eess.SP");
    private static final int DAYS = 250;
    private static final int PAPERS_PER_DAY = 20;
    private static final LocalDate FIRST = LocalDate.parse("2025-01-06");
    private static final int RUNS = 3;
    private static final int CONNECTIONS = 100;
    private static final int REQUESTS_PER_CONNECTION = 200;
    private static final long PACE_MILLIS = 100;

    void run() throws Exception {
        try (BenchDatabase bench = new BenchDatabase()) {
            Jdbi jdbi = bench.database.jdbi();
            long started = System.nanoTime();
            for (int day = 0; day < DAYS; day++) {
                addDay(jdbi, day);
            }
            jdbi.useHandle(handle -> handle.execute("ANALYZE"));
            ObjectMapper json = new ObjectMapper();
            SourceRenderers renderers = new SourceRenderers(List.of(new XPostRenderer(), new BlueskyPostRenderer()));
            DigestStyle style = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/media/x.jpg");
            DigestQuery query = new DigestQuery(jdbi, new PaperStore(jdbi, Clock.systemUTC()));
            DigestStore store = new DigestStore(jdbi, json);
            TrendsQuery trends = new TrendsQuery(jdbi);
            DigestService digests = new DigestService(query, store, trends, json, style, null,
                    Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), renderers);
            DigestParameters parameters = new DigestParameters(CATEGORIES, EnumSet.of(AnnounceType.NEW), 1, 0, 1, 10);
            for (int day = 0; day < DAYS; day++) {
                digests.make(FIRST.plusDays(day), parameters, cutoff(day));
            }
            System.out.printf("site: generated %d digests of %d papers in %.0f s%n", DAYS, PAPERS_PER_DAY,
                    (System.nanoTime() - started) / 1e9);
            CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
            SiteGenerator site = new SiteGenerator(new SiteQuery(jdbi, store, query, trends), renderers, style,
                    taxonomy::name, false, "https://papers.example.org/", json, new StopSignal());
            Path root = Files.createTempDirectory("hotpapers-site-bench");
            List<Double> full = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            Path last = null;
            for (int run = 0; run < RUNS; run++) {
                Path directory = root.resolve("full-" + run);
                long start = System.nanoTime();
                SiteGenerator.Report report = site.generate(directory);
                full.add((System.nanoTime() - start) / 1e6);
                floor.add(rewriteMillis(directory, root.resolve("copy-" + run)));
                System.out.printf("site: full render run %d: %d files, %,d bytes%n", run + 1, report.total(),
                        bytes(directory));
                last = directory;
            }
            print("full render of a year", full, 10_000);
            print("  reference: writing the same files with Files.write", floor, -1);
            List<Double> nothing = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                site.generate(last);
                nothing.add((System.nanoTime() - start) / 1e6);
            }
            print("run with nothing changed", nothing, 1_000);
            List<Double> daily = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                int day = DAYS + run;
                addDay(jdbi, day);
                digests.make(FIRST.plusDays(day), parameters, cutoff(day));
                long start = System.nanoTime();
                SiteGenerator.Report report = site.generate(last);
                daily.add((System.nanoTime() - start) / 1e6);
                System.out.printf("site: daily update run %d: %d written, %d unchanged%n", run + 1, report.written(),
                        report.unchanged());
            }
            print("daily update (site only, after the digest)", daily, 1_000);
            serve(last);
        }
    }

    private static Instant cutoff(int day) {
        return FIRST.plusDays(day + 1).atTime(8, 0).toInstant(ZoneOffset.UTC);
    }

    /**
     * One mailing date: its papers and listings, three posts per paper, ten snapshots each over ten days. That is 30
     * snapshots a paper, far below the default refresh schedule's density (71 a post, 35,500 for a 500-post paper).
     * The curves read the hourly rollup (a row per paper, source and hour with a capture), so their cost follows the
     * rounds rather than posts x snapshots; this scale does not show that difference.
     */
    private static void addDay(Jdbi jdbi, int day) {
        LocalDate date = FIRST.plusDays(day);
        String categories = "ARRAY['" + String.join("','", CATEGORIES) + "']";
        int firstPaper = day * PAPERS_PER_DAY;
        String id = "'2501.' || lpad(g::text, 5, '0')";
        jdbi.useHandle(handle -> {
            handle.execute("SELECT ensure_post_snapshot_partition(timestamptz '" + date + " 00:00Z')");
            handle.execute("SELECT ensure_post_snapshot_partition(timestamptz '" + date.plusDays(30) + " 00:00Z')");
            handle.execute("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, "
                    + "categories, submitted_at, last_updated_at, ingested_at, updated_at) "
                    + "SELECT " + id + ", 1, 'A study of thing ' || g || ' with <b>markup</b> & more', "
                    + "repeat('An abstract sentence. ', 60), ARRAY['Ada Lovelace', 'Alan Turing', 'Grace Hopper'], "
                    + "c, ARRAY[c, 'stat.ML'], t, t, t, t FROM generate_series(" + firstPaper + ", "
                    + (firstPaper + PAPERS_PER_DAY - 1) + ") g, LATERAL (SELECT (" + categories + ")[1 + g % 10] AS c, "
                    + "timestamptz '" + date + " 00:00Z' - interval '1 day' AS t) x");
            handle.execute("INSERT INTO listings (mailing_date, category, arxiv_id, announce_type) "
                    + "SELECT date '" + date + "', (" + categories + ")[1 + g % 10], " + id + ", 'new' "
                    + "FROM generate_series(" + firstPaper + ", " + (firstPaper + PAPERS_PER_DAY - 1) + ") g");
            int firstPost = firstPaper * 3;
            handle.execute("INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, "
                    + "lang, created_at, first_seen_at) "
                    + "SELECT p, CASE WHEN p % 3 = 2 THEN 'bluesky' ELSE 'x' END, p::text, (p % 997)::text, "
                    + "'user' || (p % 997), 'User ' || (p % 997), 'Look at this paper https://arxiv.org/abs/2501.' "
                    + "|| lpad((p / 3)::text, 5, '0') || ' it is good', 'en', timestamptz '" + date + " 06:00Z', "
                    + "timestamptz '" + date + " 07:00Z' FROM generate_series(" + firstPost + ", "
                    + (firstPost + PAPERS_PER_DAY * 3 - 1) + ") p");
            handle.execute("INSERT INTO post_papers (post_key, arxiv_id) SELECT p, '2501.' || lpad((p / 3)::text, 5, '0') "
                    + "FROM generate_series(" + firstPost + ", " + (firstPost + PAPERS_PER_DAY * 3 - 1) + ") p");
            handle.execute("INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes) "
                    + "SELECT p, timestamptz '" + date + " 10:00Z' + (ARRAY[0, 1, 2, 3, 6, 12, 24, 48, 96, 192])[r] "
                    + "* interval '1 hour', (p % 13 + 1) * r, (p % 41 + 1) * r * 3, p % 3, p % 2 "
                    + "FROM generate_series(" + firstPost + ", " + (firstPost + PAPERS_PER_DAY * 3 - 1) + ") p, "
                    + "generate_series(1, 10) r");
        });
    }

    /** The same bytes written with plain Files.write: the I/O floor of a full render. */
    private static double rewriteMillis(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(Files.readAllBytes(file));
        }
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            Path target = to.resolve(from.relativize(files.get(i)).toString());
            Files.createDirectories(target.getParent());
            Files.write(target, contents.get(i));
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static long bytes(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void serve(Path directory) throws Exception {
        List<String> paths = new ArrayList<>(List.of("/", "/feed.atom", "/category/cs.LG.html", "/assets/site.css"));
        try (Stream<Path> pages = Files.list(directory.resolve("digest"))) {
            pages.map(path -> "/digest/" + path.getFileName()).sorted().limit(50).forEach(paths::add);
        }
        try (Stream<Path> pages = Files.list(directory.resolve("paper"))) {
            pages.map(path -> "/paper/" + path.getFileName()).sorted().limit(500).forEach(paths::add);
        }
        HealthServer server = new HealthServer(new InetSocketAddress("127.0.0.1", 0),
                () -> new HealthReport(true, null, null, true, List.of()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new SiteHandler(directory, List.of()));
        server.start();
        try {
            load(server.port(), paths, 0); // warm-up: caches filled, code compiled
            for (int run = 1; run <= RUNS; run++) {
                // each connection asks for its next page 100 ms after the last: 1,000 requests/s in all
                printLatency("page served, " + CONNECTIONS + " connections at 1,000/s, run " + run,
                        load(server.port(), paths, PACE_MILLIS), 5.0);
            }
            for (int run = 1; run <= RUNS; run++) {
                long start = System.nanoTime();
                List<Double> pages = load(server.port(), paths, 0);
                double seconds = (System.nanoTime() - start) / 1e9;
                printLatency(String.format(Locale.ROOT, "saturated, %d connections, %.0f/s, run %d", CONNECTIONS,
                        pages.size() / seconds, run), pages, -1);
                printLatency("  reference: /health saturated alike", load(server.port(), List.of("/health"), 0), -1);
            }
        } finally {
            server.stop();
        }
    }

    /** Every connection sends its requests one after another (keep-alive, gzip accepted); all latencies in ms. */
    private static List<Double> load(int port, List<String> paths, long paceMillis) throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(CONNECTIONS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int connection = 0; connection < CONNECTIONS; connection++) {
            int offset = connection * 7;
            Thread thread = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    ready.countDown();
                    go.await();
                    long next = System.nanoTime() + offset % 100 * 1_000_000L;
                    for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                        String path = paths.get((offset + i) % paths.size());
                        if (paceMillis > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            next += paceMillis * 1_000_000;
                        }
                        long start = System.nanoTime();
                        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        readResponse(in);
                        latencies.add((System.nanoTime() - start) / 1e6);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return latencies;
    }

    private static void readResponse(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            headers.append((char) c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        long length = 0;
        for (String line : headers.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
            if (line.startsWith("HTTP/1.1 ") && !line.startsWith("HTTP/1.1 200")) {
                throw new IOException("unexpected " + line);
            }
        }
        in.readNBytes((int) length);
    }

    private static void print(String name, List<Double> millis, long targetMillis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "site: %-48s runs %s ms, median %.0f ms%s%n", name, Arrays.toString(
                Arrays.stream(sorted).mapToLong(Math::round).toArray()), sorted[sorted.length / 2],
                targetMillis < 0 ? "" : " (target <= " + targetMillis + " ms: "
                        + (sorted[sorted.length - 1] <= targetMillis ? "met" : "MISSED") + ")");
    }

    private static void printLatency(String name, List<Double> millis, double targetMillis) {
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(Comparator.naturalOrder());
        double p50 = sorted.get(sorted.size() / 2);
        double p95 = sorted.get((int) (sorted.size() * 0.95));
        double p99 = sorted.get((int) (sorted.size() * 0.99));
        System.out.printf(Locale.ROOT, "site: %-48s %,d requests: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms%s%n", name,
                sorted.size(), p50, p95, p99, targetMillis < 0 ? ""
                        : " (target p95 <= " + targetMillis + " ms: " + (p95 <= targetMillis ? "met" : "MISSED") + ")");
    }
}
