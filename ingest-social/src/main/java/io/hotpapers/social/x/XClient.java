package io.hotpapers.social.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.Retrier;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * X API v2 search, tweet lookup and user lookup, asking for exactly the fields hotpapers stores. Posts are read
 * without author expansions: X bills every user object it returns, so authors are looked up on their own, and
 * only those not stored yet ({@link #users}). Authentication and rate
 * limits come from the interceptors of the {@link OkHttpClient} it is given; retries from the {@link Retrier}.
 */
public final class XClient {
    static final String TWEET_FIELDS = "created_at,public_metrics,entities,lang,author_id,referenced_tweets";
    static final String USER_FIELDS = "username,name";
    /** X's limit of ids per lookup request (posts or users). */
    public static final int MAX_LOOKUP_IDS = 100;

    /** The two search endpoints and their page-size ranges. */
    public enum Search {
        RECENT("2/tweets/search/recent", 10, 100),
        ALL("2/tweets/search/all", 10, 500);

        private final String path;
        private final int minResults;
        private final int maxResults;

        Search(String path, int minResults, int maxResults) {
            this.path = path;
            this.minResults = minResults;
            this.maxResults = maxResults;
        }

        public int minResults() {
            return minResults;
        }

        public int maxResults() {
            return maxResults;
        }
    }

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final Retrier retrier;
    private final XResponseParser parser;
    private final ObjectMapper json;

    public XClient(HttpUrl baseUrl, OkHttpClient http, Clock clock, Retrier retrier, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.clock = clock;
        this.retrier = retrier;
        this.json = json;
        this.parser = new XResponseParser(json, clock);
    }

    /**
     * One page of original posts matching the query.
     *
     * @param sinceId only posts newer than this id, or {@code null}
     * @param startTime only posts from this instant on, or {@code null}
     * @param nextToken the page to read, or {@code null} for the first
     */
    public XPage search(Search endpoint, String query, Long sinceId, Instant startTime, String nextToken,
                        int maxResults) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(endpoint.path)
                .addQueryParameter("query", query)
                .addQueryParameter("max_results", Integer.toString(maxResults))
                .addQueryParameter("tweet.fields", TWEET_FIELDS);
        if (sinceId != null) {
            url.addQueryParameter("since_id", Long.toString(sinceId));
        } else if (startTime != null) {
            url.addQueryParameter("start_time", startTime.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (nextToken != null) {
            url.addQueryParameter("next_token", nextToken);
        }
        // the path names the endpoint in every retry line and failure, the query (long, and in the URL) is left out
        return fetch("X " + endpoint.name().toLowerCase(Locale.ROOT) + " search (/" + endpoint.path + ")",
                new Request.Builder().url(url.build()).get().build());
    }

    /** The current state of up to {@value #MAX_LOOKUP_IDS} posts, without their authors (a refresh has them). */
    public XPage lookup(Collection<Long> ids) {
        checkLookupSize(ids);
        HttpUrl url = baseUrl.newBuilder().addPathSegments("2/tweets")
                .addQueryParameter("ids", ids.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .addQueryParameter("tweet.fields", TWEET_FIELDS)
                .build();
        return fetch("X lookup of " + ids.size() + " post(s) (/2/tweets)", new Request.Builder().url(url).get().build());
    }

    /** Handle and name of up to {@value #MAX_LOOKUP_IDS} users; the page's users, and no posts. */
    public XPage users(Collection<Long> ids) {
        checkLookupSize(ids);
        HttpUrl url = baseUrl.newBuilder().addPathSegments("2/users")
                .addQueryParameter("ids", ids.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .addQueryParameter("user.fields", USER_FIELDS)
                .build();
        return fetch("X lookup of " + ids.size() + " user(s) (/2/users)", new Request.Builder().url(url).get().build(),
                parser::parseUsers);
    }

    private static void checkLookupSize(Collection<Long> ids) {
        if (ids.isEmpty() || ids.size() > MAX_LOOKUP_IDS) {
            throw new IllegalArgumentException("between 1 and " + MAX_LOOKUP_IDS + " ids per lookup, got " + ids.size());
        }
    }

    private XPage fetch(String what, Request request) {
        return fetch(what, request, parser::parse);
    }

    private XPage fetch(String what, Request request, java.util.function.Function<byte[], XPage> parse) {
        return retrier.call(what, () -> {
            try (Response response = http.newCall(request).execute()) {
                byte[] body = response.body().bytes();
                if (response.isSuccessful()) {
                    return parse.apply(body);
                }
                throw failure(response, body);
            }
        });
    }

    private RuntimeException failure(Response response, byte[] body) {
        int status = response.code();
        if (status == 401 || status == 403) {
            return new XAuthException(status);
        }
        if (status == 400) {
            return new XInvalidRequestException(detail(body));
        }
        Duration retryAfter = Retrier.parseRetryAfter(response.header("Retry-After"), clock);
        String reset = response.header("x-rate-limit-reset");
        if (status == 429 && reset != null && retryAfter == null) {
            try {
                // X says when the window resets, not how long to wait; one second more absorbs clock skew
                Duration untilReset = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())))
                        .plusSeconds(1);
                retryAfter = untilReset.isNegative() ? Duration.ZERO : untilReset;
            } catch (NumberFormatException | DateTimeException ignored) {
                retryAfter = null;
            }
        }
        return new HttpStatusException("X API", status, detail(body), retryAfter);
    }

    /** The human part of an X problem body; never the request, which carries nothing secret but is long. */
    private String detail(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode firstError = root.path("errors").path(0);
            for (JsonNode candidate : new JsonNode[] {firstError.path("message"), root.path("detail"),
                firstError.path("detail"), root.path("title")}) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return candidate.asText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the status alone
        }
        return "";
    }
}
