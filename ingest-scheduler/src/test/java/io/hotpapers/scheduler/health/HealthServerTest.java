package io.hotpapers.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.DaemonJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private static final Instant NOW = Instant.parse("2021-05-12T10:00:00Z");
    private static final JobHealth.JobState DISCOVERY_OK = new JobHealth.JobState(DaemonJob.discovery("x"), JobHealth.State.OK,
            NOW.minusSeconds(600), null, null, NOW.plusSeconds(6600));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<HealthReport> report = new AtomicReference<>(
            new HealthReport(true, null, null, true, List.of(DISCOVERY_OK)));
    private final HealthServer server = new HealthServer(InetSocketAddress.createUnresolved("127.0.0.1", 0),
            report::get, registry);
    private final List<Socket> stalled = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : stalled) {
            socket.close();
        }
        server.stop();
    }

    /** A client that gives up after two seconds: whatever blocks the server longer fails the test. */
    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Socket stalledClient(String partialRequest) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.port());
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    @Test
    void upWhileTheDatabaseAndSchedulerAreUpAndEveryJobIsOk() throws Exception {
        server.start();

        HttpResponse<String> up = get("/health");

        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(up.body()).isEqualTo("{\"status\":\"up\",\"database\":\"up\",\"scheduler\":\"running\","
                + "\"degraded\":[],\"jobs\":{\"discovery:x\":{\"state\":\"ok\",\"lastSuccess\":\"2021-05-12T09:50:00Z\","
                + "\"lastErrorAt\":null,\"lastError\":null,\"overdueAfter\":\"2021-05-12T11:50:00Z\"}}}\n");
    }

    @Test
    void degradedListsTheFailedAndOverdueJobsWithTheirLastSuccessAndError() throws Exception {
        server.start();
        report.set(new HealthReport(true, null, null, true, List.of(
                new JobHealth.JobState(DaemonJob.LISTING, JobHealth.State.OVERDUE, NOW.minusSeconds(400_000), null, null,
                        NOW.minusSeconds(3600)),
                DISCOVERY_OK,
                new JobHealth.JobState(DaemonJob.DIGEST, JobHealth.State.FAILED, NOW.minusSeconds(90_000),
                        NOW.minusSeconds(3600), "cannot write /srv/digests", NOW.plusSeconds(80_000)))));

        HttpResponse<String> degraded = get("/health");

        assertThat(degraded.statusCode()).as("degraded still serves").isEqualTo(200);
        assertThat(degraded.body()).startsWith("{\"status\":\"degraded\",\"database\":\"up\",\"scheduler\":\"running\","
                        + "\"degraded\":[\"listing\",\"digest\"]")
                .contains("\"digest\":{\"state\":\"failed\",\"lastSuccess\":\"2021-05-11T09:00:00Z\","
                        + "\"lastErrorAt\":\"2021-05-12T09:00:00Z\",\"lastError\":\"cannot write /srv/digests\"")
                .contains("\"listing\":{\"state\":\"overdue\"");
    }

    @Test
    void downWithA503WhileTheDatabaseOrTheSchedulerIsDown() throws Exception {
        server.start();
        report.set(new HealthReport(false, NOW.minusSeconds(30), "cannot reach the database: Connection refused",
                true, List.of(DISCOVERY_OK)));
        HttpResponse<String> databaseDown = get("/health");
        report.set(new HealthReport(true, null, null, false, List.of(DISCOVERY_OK)));
        HttpResponse<String> schedulerDown = get("/health");

        assertThat(databaseDown.statusCode()).isEqualTo(503);
        assertThat(databaseDown.body()).startsWith("{\"status\":\"down\",\"database\":\"down\","
                + "\"databaseDownSince\":\"2021-05-12T09:59:30Z\",\"databaseError\":\"cannot reach the database: "
                + "Connection refused\",\"scheduler\":\"running\"");
        assertThat(schedulerDown.statusCode()).isEqualTo(503);
        assertThat(schedulerDown.body()).startsWith("{\"status\":\"down\",\"database\":\"up\",\"scheduler\":\"stopped\"");
    }

    @Tag("reliability")
    @Test
    void halfOpenClientsDoNotDelayHealthForOthers() throws Exception {
        server.start();
        stalledClient("");
        stalledClient("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // headers never finished
        stalledClient("GE");

        HttpResponse<String> health = get("/health");
        HttpResponse<String> metrics = get("/metrics");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"up\"");
        assertThat(metrics.statusCode()).isEqualTo(200);
    }

    @Tag("reliability")
    @Test
    void aClientThatNeverFinishesItsRequestIsDisconnected() throws Exception {
        server.start();
        Socket silent = stalledClient("GET /health HTTP/1.1\r\n");
        silent.setSoTimeout((HealthServer.MAX_REQUEST_SECONDS + 5) * 1000);

        InputStream in = silent.getInputStream();
        int read;
        try {
            read = in.read();
        } catch (SocketTimeoutException e) {
            read = -2;
        }

        assertThat(read).as("the server closed the connection (end of stream), not left it hanging").isEqualTo(-1);
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
