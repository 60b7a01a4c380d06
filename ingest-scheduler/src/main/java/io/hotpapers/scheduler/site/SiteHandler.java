package io.hotpapers.scheduler.site;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the generated site read-only over the JDK's HTTP server: {@code GET} and {@code HEAD} alone, only the file
 * types the site writes, each with its content type, a strong {@code ETag}, {@code Last-Modified} (both answered
 * with 304), gzip when the client takes it, and a strict Content-Security-Policy. Paths are checked by
 * {@link SitePaths} and then resolved without following a link out of the directory. Files are kept in memory
 * (bounded) until they change on disk.
 */
public final class SiteHandler implements HttpHandler {
    /** The most bytes kept in memory; beyond it the cache starts afresh. */
    static final long MAX_CACHED_BYTES = 64L * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "atom", "application/atom+xml; charset=utf-8",
            "xml", "application/xml; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final byte[] NOT_FOUND = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Not found</title></head><body><h1>Not found</h1><p><a href=\"/\">The digests</a></p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);

    private final Path root;
    private final String policy;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /**
     * @param root the site's directory
     * @param embedOrigins the origins of the sources' embed scripts the pages may load ({@code SITE_EMBED_SCRIPTS})
     */
    public SiteHandler(Path root, List<String> embedOrigins) {
        this.root = root.toAbsolutePath().normalize();
        this.policy = ContentSecurityPolicy.forResponses(embedOrigins);
    }

    private record Cached(long modified, long size, byte[] bytes, byte[] gzipped, String etag, String type) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", policy);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.set("X-Frame-Options", "DENY");
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                headers.set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "GET and HEAD only\n".getBytes(StandardCharsets.UTF_8),
                        head);
                return;
            }
            Optional<Cached> file = SitePaths.file(exchange.getRequestURI().getRawPath()).flatMap(this::load);
            if (file.isEmpty()) {
                send(exchange, 404, "text/html; charset=utf-8", NOT_FOUND, head);
                return;
            }
            serve(exchange, file.get(), head);
        }
    }

    private void serve(HttpExchange exchange, Cached file, boolean head) throws IOException {
        Headers request = exchange.getRequestHeaders();
        Headers headers = exchange.getResponseHeaders();
        boolean gzip = file.gzipped() != null && acceptsGzip(request.getFirst("Accept-Encoding"));
        String etag = gzip ? file.etag().replace("\"", "") : file.etag();
        etag = gzip ? "\"" + etag + "-gz\"" : etag;
        Instant modified = Instant.ofEpochMilli(file.modified()).truncatedTo(ChronoUnit.SECONDS);
        headers.set("ETag", etag);
        headers.set("Last-Modified", HTTP_DATE.format(modified));
        headers.set("Cache-Control", "no-cache");
        headers.set("Vary", "Accept-Encoding");
        if (notModified(request, etag, file.etag(), modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        if (gzip) {
            headers.set("Content-Encoding", "gzip");
        }
        send(exchange, 200, file.type(), gzip ? file.gzipped() : file.bytes(), head);
    }

    private static boolean notModified(Headers request, String etag, String plainEtag, Instant modified) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag) || tag.equals(plainEtag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.getFirst("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                return !modified.isAfter(Instant.from(HTTP_DATE.parse(ifModifiedSince.strip())));
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] coding = part.strip().split(";");
            if (coding[0].strip().equals("gzip")) {
                return coding.length < 2 || !coding[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The file, from memory while it is unchanged on disk; empty when it is not a servable regular file. */
    private Optional<Cached> load(String relative) {
        String extension = relative.substring(relative.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null || relative.lastIndexOf('.') < 0) {
            return Optional.empty();
        }
        Path file = root.resolve(relative).normalize();
        try {
            if (!file.startsWith(root)) {
                return Optional.empty();
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            long modified = attributes.lastModifiedTime().toMillis();
            Cached cached = cache.get(relative);
            if (cached != null && cached.modified() == modified && cached.size() == attributes.size()) {
                return Optional.of(cached);
            }
            // a file read afresh: no directory on its way may be a link out of the site
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            byte[] gzipped = compressible(type) && bytes.length > 256 ? gzip(bytes) : null;
            Cached fresh = new Cached(modified, bytes.length, bytes, gzipped,
                    "\"" + StoredDigests.sha256Bytes(bytes).substring(0, 32) + "\"", type);
            remember(relative, fresh);
            return Optional.of(fresh);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void remember(String relative, Cached fresh) {
        long size = fresh.bytes().length + (fresh.gzipped() == null ? 0 : fresh.gzipped().length);
        if (cachedBytes.addAndGet(size) > MAX_CACHED_BYTES) {
            cache.clear();
            cachedBytes.set(size);
        }
        cache.put(relative, fresh);
    }

    private static boolean compressible(String type) {
        return !type.equals("image/png");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
