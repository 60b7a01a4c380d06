package io.hotpapers.social.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.RetriedGet;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The Hacker News search API (Algolia): stories whose link matches a term in a time window, newest first, and the
 * current state of given stories. Politeness comes from the {@link OkHttpClient} it is given (see
 * {@link #polite}); retries of 429, 5xx and unreadable answers from the {@link Retrier}.
 */
public final class HackerNewsClient {
    /** Algolia's largest page, and the most hits one query can be paged through. */
    public static final int MAX_HITS_PER_PAGE = 1_000;
    /**
     * Stories asked for by id in one request ({@code tags=story,(story_1,…)}). The API documents no limit on the
     * OR-list; 100 ids keep the URL near 1.6 kB, far below what any server or proxy on the way refuses.
     */
    public static final int MAX_IDS_PER_LOOKUP = 100;
    private static final String SERVICE = "Hacker News search";

    private final HttpUrl baseUrl;
    private final RetriedGet http;
    private final Clock clock;
    private final HackerNewsParser parser;
    private final ObjectMapper json;

    public HackerNewsClient(HttpUrl baseUrl, OkHttpClient http, Clock clock, Retrier retrier, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.http = new RetriedGet(http, retrier);
        this.clock = clock;
        this.json = json;
        this.parser = new HackerNewsParser(json, clock);
    }

    /**
     * The builder with Hacker News' politeness: request starts at least {@code minInterval} apart, retries
     * included, and timeouts fit for a small JSON API.
     */
    public static OkHttpClient.Builder polite(OkHttpClient.Builder builder, Duration minInterval, Clock clock,
                                              Sleeper sleeper) {
        return builder.addInterceptor(new RequestSpacer(minInterval, clock, sleeper))
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2));
    }

    /**
     * One page of the stories whose link matches {@code term}, created from {@code fromSecond} (inclusive) to
     * {@code beforeSecond} (exclusive), newest first ({@code search_by_date}).
     */
    public HackerNewsPage storiesLinking(String term, long fromSecond, long beforeSecond, int page, int hitsPerPage) {
        HttpUrl url = baseUrl.newBuilder().addPathSegment("search_by_date")
                .addQueryParameter("query", term)
                .addQueryParameter("tags", "story")
                .addQueryParameter("restrictSearchableAttributes", "url")
                .addQueryParameter("numericFilters", "created_at_i>=" + fromSecond + ",created_at_i<" + beforeSecond)
                .addQueryParameter("hitsPerPage", Integer.toString(hitsPerPage))
                .addQueryParameter("page", Integer.toString(page))
                .build();
        return fetch(SERVICE + " /search_by_date page " + page, url);
    }

    /** One page of the current state of up to {@value #MAX_IDS_PER_LOOKUP} stories, by id. */
    public HackerNewsPage stories(Collection<Long> ids, int page) {
        if (ids.isEmpty() || ids.size() > MAX_IDS_PER_LOOKUP) {
            throw new IllegalArgumentException("between 1 and " + MAX_IDS_PER_LOOKUP + " ids per lookup, got "
                    + ids.size());
        }
        // a story carries the tag story_<its id>, and so do its comments: "story" keeps the stories alone
        String tags = "story,(" + ids.stream().map(id -> "story_" + id).collect(Collectors.joining(",")) + ")";
        HttpUrl url = baseUrl.newBuilder().addPathSegment("search")
                .addQueryParameter("tags", tags)
                .addQueryParameter("hitsPerPage", Integer.toString(ids.size()))
                .addQueryParameter("page", Integer.toString(page))
                .build();
        return fetch(SERVICE + " lookup of " + ids.size() + " stor" + (ids.size() == 1 ? "y" : "ies")
                + " (/search page " + page + ")", url);
    }

    private HackerNewsPage fetch(String what, HttpUrl url) {
        return http.get(what, url, (response, body) -> {
            if (response.isSuccessful()) {
                return parser.parse(body);
            }
            throw new HttpStatusException(SERVICE, response.code(), detail(body),
                    Retrier.parseRetryAfter(response.header("Retry-After"), clock));
        });
    }

    /** Algolia's error message ({@code {"message": …, "status": …}}), shortened; never the request. */
    private String detail(byte[] body) {
        try {
            JsonNode message = json.readTree(body).path("message");
            if (message.isTextual()) {
                String text = message.asText().replaceAll("\\p{Cntrl}", " ").strip();
                return text.length() > 200 ? text.substring(0, 200) + "…" : text;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON (a proxy's page): the status alone
        }
        return "";
    }
}
