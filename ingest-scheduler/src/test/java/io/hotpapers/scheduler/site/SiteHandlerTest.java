package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.scheduler.health.HealthReport;
import io.hotpapers.scheduler.health.HealthServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site served over HTTP by hotpapers' server: types, caching headers, gzip, policy, read-only, no way out. */
class SiteHandlerTest {
    @TempDir
    Path root;

    private HealthServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws IOException {
        Path site = root.resolve("site");
        Files.createDirectories(site.resolve("digest"));
        Files.writeString(site.resolve("index.html"), "<!DOCTYPE html><title>Hot Papers</title>" + "x".repeat(2_000));
        Files.writeString(site.resolve("digest/2021-05-11.json"), "{\"schema\":\"hotpapers-digest/2\"}");
        Files.writeString(site.resolve("feed.atom"), "<feed/>");
        Files.writeString(site.resolve(SiteGenerator.MANIFEST), "index.html\tkey\n");
        Files.writeString(root.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(site.resolve("link.txt"), root.resolve("secret.txt"));
        server = new HealthServer(new InetSocketAddress("127.0.0.1", 0),
                () -> new HealthReport(true, null, null, true, List.of()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new SiteHandler(site, List.of()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesEachFileWithItsTypeAStrictPolicyAndCachingHeaders() throws Exception {
        HttpResponse<byte[]> index = get("/");
        HttpResponse<byte[]> json = get("/digest/2021-05-11.json");
        HttpResponse<byte[]> feed = get("/feed.atom");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(feed.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
        String policy = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'").contains("script-src 'self';")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("ETag")).isPresent();
        assertThat(index.headers().firstValue("Last-Modified")).isPresent();
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnchangedFileIsAnsweredWith304ByEtagAndByDate() throws Exception {
        HttpResponse<byte[]> first = get("/index.html");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();

        assertThat(get("/index.html", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/index.html", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get("/index.html", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void gzipWhenTheClientTakesIt() throws Exception {
        HttpResponse<byte[]> zipped = get("/index.html", "Accept-Encoding", "gzip");

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>");
        }
        assertThat(get("/index.html").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    @Tag("security")
    void nothingIsWritableAndNothingOutsideOrHiddenIsServed() throws Exception {
        HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/index.html")).PUT(HttpRequest.BodyPublishers.ofString("pwned")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(Files.readString(root.resolve("site/index.html"))).doesNotContain("pwned");
        assertThat(get("/" + SiteGenerator.MANIFEST).statusCode()).isEqualTo(404);
        assertThat(get("/link.txt").statusCode()).isEqualTo(404);
        assertThat(get("/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
        assertThat(get("/digest/..%2f..%2fsecret.txt").statusCode()).isEqualTo(404);
        assertThat(rawRequest("GET /../secret.txt HTTP/1.1")).doesNotContain("outside");
        assertThat(rawRequest("GET /digest/../../secret.txt HTTP/1.1")).doesNotContain("outside");
    }

    /** A request line no HTTP client library would send (it would normalise the path first). */
    private String rawRequest(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
