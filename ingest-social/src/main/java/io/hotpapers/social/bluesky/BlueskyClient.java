package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.Retrier;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bluesky's XRPC reads: {@code getPosts} on the public AppView without credentials, and {@code searchPosts} on the
 * PDS with a session (the public AppView has refused unauthenticated search with 403 since 2025). Rate limits and
 * the session come from the interceptors of the clients it is given; retries from the {@link Retrier}.
 */
public final class BlueskyClient {
    /** The lexicon's limit of URIs per getPosts call. */
    public static final int MAX_GET_POSTS = 25;
    /** The lexicon's largest search page. */
    public static final int MAX_SEARCH_LIMIT = 100;

    private final HttpUrl apiUrl;
    private final HttpUrl pdsUrl;
    private final OkHttpClient publicHttp;
    private final Optional<OkHttpClient> sessionHttp;
    private final Clock clock;
    private final Retrier retrier;
    private final PostViewParser parser;

    /**
     * @param publicHttp the client for the public AppView (rate limiter, no credentials)
     * @param sessionHttp the client for the PDS with the {@link SessionInterceptor}, or empty without credentials
     */
    public BlueskyClient(HttpUrl apiUrl, HttpUrl pdsUrl, OkHttpClient publicHttp, Optional<OkHttpClient> sessionHttp,
                         Clock clock, Retrier retrier, PostViewParser parser) {
        this.apiUrl = apiUrl;
        this.pdsUrl = pdsUrl;
        this.publicHttp = publicHttp;
        this.sessionHttp = sessionHttp;
        this.clock = clock;
        this.retrier = retrier;
        this.parser = parser;
    }

    /** One search: posts linking a URL, in a time window. */
    public record Search(String query, String url, Instant since, Instant until) {
    }

    /** Whether searches can be made (a session is configured). */
    public boolean canSearch() {
        return sessionHttp.isPresent();
    }

    /** The current views of up to {@value #MAX_GET_POSTS} posts; posts deleted or hidden are not in the answer. */
    public BlueskyPage getPosts(List<String> uris) {
        if (uris.isEmpty() || uris.size() > MAX_GET_POSTS) {
            throw new IllegalArgumentException("between 1 and " + MAX_GET_POSTS + " URIs per call, got " + uris.size());
        }
        HttpUrl.Builder url = apiUrl.newBuilder().addPathSegments("xrpc/app.bsky.feed.getPosts");
        uris.forEach(uri -> url.addQueryParameter("uris", uri));
        return fetch(publicHttp, "Bluesky getPosts of " + uris.size() + " post(s)", url.build());
    }

    /** One page of the newest posts matching the search. */
    public BlueskyPage searchPosts(Search search, String cursor, int limit) {
        OkHttpClient http = sessionHttp.orElseThrow(() -> new BlueskyAuthException(
                "Bluesky search needs a session: set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD"));
        HttpUrl.Builder url = pdsUrl.newBuilder().addPathSegments("xrpc/app.bsky.feed.searchPosts")
                .addQueryParameter("q", search.query())
                .addQueryParameter("url", search.url())
                .addQueryParameter("sort", "latest")
                .addQueryParameter("since", search.since().truncatedTo(ChronoUnit.SECONDS).toString())
                .addQueryParameter("until", search.until().truncatedTo(ChronoUnit.SECONDS).toString())
                .addQueryParameter("limit", Integer.toString(Math.min(Math.max(limit, 1), MAX_SEARCH_LIMIT)));
        if (cursor != null) {
            url.addQueryParameter("cursor", cursor);
        }
        return fetch(http, "Bluesky searchPosts", url.build());
    }

    private BlueskyPage fetch(OkHttpClient http, String what, HttpUrl url) {
        Request request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
        return retrier.call(what, () -> {
            try (Response response = http.newCall(request).execute()) {
                byte[] body = response.body().bytes();
                if (response.isSuccessful()) {
                    return parser.parse(body);
                }
                throw failure(what, response, body);
            }
        });
    }

    /** The one place that names an unsuccessful answer; the Retrier decides from the type what is transient. */
    private RuntimeException failure(String what, Response response, byte[] body) {
        int status = response.code();
        Optional<PostViewParser.XrpcError> error = parser.error(response.header("Content-Type"), body);
        String detail = error.map(e -> e.error() + (e.message().isEmpty() ? "" : ": " + e.message()))
                .orElse(status == 403 ? "not an XRPC answer (an edge's page)" : "");
        if (status == 401 || status == 403) {
            return new BlueskyAuthException(what + " was refused (HTTP " + status + (detail.isEmpty() ? "" : ", " + detail)
                    + "); search needs BLUESKY_HANDLE and BLUESKY_APP_PASSWORD and the PDS URL (BLUESKY_PDS_URL)");
        }
        if (status == 400 && error.map(e -> e.error().equals("ExpiredToken") || e.error().equals("InvalidToken"))
                .orElse(false)) {
            return new BlueskyAuthException(what + " was refused (HTTP 400, " + detail + ") after a renewed session");
        }
        if (status == 400) {
            return new BlueskyInvalidRequestException(what + " was rejected (HTTP 400" + (detail.isEmpty() ? "" : ", "
                    + detail) + ")");
        }
        return new HttpStatusException(what, status, detail, RateLimitReset.retryAfter(response, clock));
    }
}
