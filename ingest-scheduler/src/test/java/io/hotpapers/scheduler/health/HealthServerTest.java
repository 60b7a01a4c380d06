package io.hotpapers.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean scheduler = new AtomicBoolean(true);
    private final HealthServer server = new HealthServer(InetSocketAddress.createUnresolved("127.0.0.1", 0),
            () -> true, scheduler::get, registry);

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysUpOnlyWhileTheSchedulerRuns() throws Exception {
        server.start();

        HttpResponse<String> up = get("/health");
        scheduler.set(false);
        HttpResponse<String> down = get("/health");

        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"up\",\"database\":\"up\",\"scheduler\":\"running\"}\n");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"scheduler\":\"stopped\"");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        server.start();
        Counter.builder("hotpapers.api.requests").tag("api", "arxiv").tag("status", "200").register(registry)
                .increment();

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body()).contains("hotpapers_api_requests_total{api=\"arxiv\",status=\"200\"} 1.0");
    }
}
