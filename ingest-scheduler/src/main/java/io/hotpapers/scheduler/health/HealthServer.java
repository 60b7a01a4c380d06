package io.hotpapers.scheduler.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's small HTTP endpoint: {@code /health} (200 when the database answers and the scheduler runs, 503
 * otherwise, with a JSON body) and {@code /metrics} in Prometheus format. Binds to localhost by default.
 */
public final class HealthServer {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final InetSocketAddress address;
    private final BooleanSupplier databaseUp;
    private final BooleanSupplier schedulerUp;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;

    public HealthServer(InetSocketAddress address, BooleanSupplier databaseUp, BooleanSupplier schedulerUp,
                        PrometheusMeterRegistry registry) {
        this.address = address;
        this.databaseUp = databaseUp;
        this.schedulerUp = schedulerUp;
        this.registry = registry;
    }

    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(address.getHostString(), address.getPort()), 0);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hotpapers-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        LOG.debug("Health and metrics on http://{}:{}/", address.getHostString(), port());
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        return server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean database = databaseUp.getAsBoolean();
        boolean scheduler = schedulerUp.getAsBoolean();
        boolean up = database && scheduler;
        String body = "{\"status\":\"" + (up ? "up" : "down") + "\",\"database\":\"" + (database ? "up" : "down")
                + "\",\"scheduler\":\"" + (scheduler ? "running" : "stopped") + "\"}\n";
        respond(exchange, up ? 200 : 503, "application/json", body);
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
