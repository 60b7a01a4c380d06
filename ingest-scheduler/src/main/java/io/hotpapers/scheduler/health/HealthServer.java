package io.hotpapers.scheduler.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's small HTTP endpoint: {@code /health} (JSON, see {@link HealthReport}) and {@code /metrics} in
 * Prometheus format, and, when given, the web site on every other path. Binds to localhost by default.
 *
 * <p>A slow or half-open client cannot block the others: requests are served by a small pool, and the JDK server
 * drops a connection whose request has not arrived within {@value #MAX_REQUEST_SECONDS} s (or whose response is not
 * taken within {@value #MAX_RESPONSE_SECONDS} s). The JDK reads these limits from system properties once per JVM;
 * hotpapers sets them unless the operator did ({@code -Dsun.net.httpserver.maxReqTime=…}).
 */
public final class HealthServer {
    static final int THREADS = 4;
    static final int MAX_REQUEST_SECONDS = 5;
    static final int MAX_RESPONSE_SECONDS = 10;
    /** Room for a hundred readers' requests at once: a site page takes well under a millisecond to send. */
    private static final int QUEUED_REQUESTS = 256;
    private static final int MAX_CONNECTIONS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final InetSocketAddress address;
    private final Supplier<HealthReport> health;
    private final PrometheusMeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpHandler site;
    private HttpServer server;
    private ThreadPoolExecutor pool;

    public HealthServer(InetSocketAddress address, Supplier<HealthReport> health, PrometheusMeterRegistry registry) {
        this(address, health, registry, null);
    }

    /** @param site serves every path but {@code /health} and {@code /metrics}, or {@code null} for none */
    public HealthServer(InetSocketAddress address, Supplier<HealthReport> health, PrometheusMeterRegistry registry,
                        HttpHandler site) {
        this.address = address;
        this.health = health;
        this.registry = registry;
        this.site = site;
    }

    public synchronized void start() throws IOException {
        limitConnections();
        server = HttpServer.create(new InetSocketAddress(address.getHostString(), address.getPort()), 0);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        if (site != null) {
            server.createContext("/", site);
        }
        AtomicInteger threads = new AtomicInteger();
        // a full queue rejects the request; the JDK server then closes that connection, others go on
        pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), runnable -> {
                    Thread thread = new Thread(runnable, "hotpapers-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(pool);
        server.start();
        LOG.debug("Health and metrics on http://{}:{}/", address.getHostString(), port());
    }

    /** The JDK server waits for a request for ever unless told otherwise, holding a pool thread all the while. */
    private static void limitConnections() {
        setUnlessSet("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        setUnlessSet("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        setUnlessSet("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        return server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
            pool.shutdownNow();
            pool = null;
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        HealthReport report = health.get();
        respond(exchange, report.httpStatus(), "application/json", json.writeValueAsString(body(report)) + "\n");
    }

    private ObjectNode body(HealthReport report) {
        ObjectNode body = json.createObjectNode();
        body.put("status", report.status());
        body.put("database", report.databaseUp() ? "up" : "down");
        if (!report.databaseUp()) {
            body.put("databaseDownSince", text(report.databaseDownSince()));
            body.put("databaseError", report.databaseError());
        }
        body.put("scheduler", report.schedulerUp() ? "running" : "stopped");
        body.putArray("degraded").addAll(report.degradedJobs().stream()
                .map(job -> json.getNodeFactory().textNode(job.job().name())).toList());
        ObjectNode jobs = body.putObject("jobs");
        for (JobHealth.JobState job : report.jobs()) {
            ObjectNode entry = jobs.putObject(job.job().name());
            entry.put("state", job.state().wireName());
            entry.put("lastSuccess", text(job.lastSuccess()));
            entry.put("lastErrorAt", text(job.lastFailure()));
            entry.put("lastError", job.lastError());
            entry.put("overdueAfter", text(job.overdueAt()));
        }
        return body;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
