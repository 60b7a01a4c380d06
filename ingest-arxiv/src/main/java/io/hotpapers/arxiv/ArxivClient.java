package io.hotpapers.arxiv;

import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.http.Retrier;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Talks to arXiv's listing feeds and query API. Politeness (one request at a time, spaced) and the User-Agent
 * come from the interceptors of the {@link OkHttpClient} it is given; retries from the {@link Retrier}.
 */
public final class ArxivClient {
    /** arXiv's limit for one query API call. */
    public static final int MAX_PAGE_SIZE = 2000;
    /**
     * arXiv's limit for one query, however many results it announces (user manual: 30000 in total, pages of at
     * most 2000): paging past it cannot bring more, so a larger {@code totalResults} is read only this far.
     */
    public static final int MAX_QUERY_RESULTS = 30_000;

    private static final String API = "arXiv API";
    private static final String FEED = "arXiv listing feed";

    private final HttpUrl apiUrl;
    private final HttpUrl rssUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final Retrier retrier;
    private final AtomParser atomParser;
    private final ListingFeedParser feedParser = new ListingFeedParser();

    public ArxivClient(HttpUrl apiUrl, HttpUrl rssUrl, OkHttpClient http, Clock clock, Retrier retrier) {
        this.apiUrl = apiUrl;
        this.rssUrl = rssUrl;
        this.http = http;
        this.clock = clock;
        this.retrier = retrier;
        this.atomParser = new AtomParser(clock);
    }

    /** The current announcement for all the categories, in one request ({@code rss/cat1+cat2}). */
    public ListingFeed latestListing(List<String> categories) {
        HttpUrl url = rssUrl.newBuilder().addEncodedPathSegment(String.join("+", categories)).build();
        Request request = new Request.Builder().url(url).get().build();
        return fetch(FEED + " for " + String.join(",", categories), FEED, request, feedParser::parse,
                feedParser::errorMessage);
    }

    /** The latest versions of the given papers (ids without version), in one POST (at most {@value #MAX_PAGE_SIZE}). */
    public ApiPage byIds(Collection<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("between 1 and " + MAX_PAGE_SIZE + " ids per request, got " + ids.size());
        }
        // POST keeps a 2000-id list out of the URL
        FormBody form = new FormBody.Builder()
                .add("id_list", String.join(",", ids))
                .add("start", "0")
                .add("max_results", Integer.toString(ids.size()))
                .build();
        Request request = new Request.Builder().url(apiUrl).post(form).build();
        return fetch(API + " lookup of " + ids.size() + " id(s)", API, request, atomParser::parse, this::apiError);
    }

    /**
     * One page of a search, oldest submission first so that paging is stable.
     *
     * <p>arXiv sometimes throttles with an empty page where results were expected: that counts as a transient
     * failure and is retried.
     */
    public ApiPage search(String query, int start, int pageSize) {
        HttpUrl url = apiUrl.newBuilder()
                .addQueryParameter("search_query", query)
                .addQueryParameter("start", Integer.toString(start))
                .addQueryParameter("max_results", Integer.toString(pageSize))
                .addQueryParameter("sortBy", "submittedDate")
                .addQueryParameter("sortOrder", "ascending")
                .build();
        Request request = new Request.Builder().url(url).get().build();
        String what = API + " search from " + start;
        return fetch(what, API, request, body -> {
            ApiPage page = atomParser.parse(body);
            if (page.entryCount() == 0 && start < page.totalResults()) {
                throw new MalformedResponseException(what + ": empty page although " + page.totalResults()
                        + " results were announced");
            }
            return page;
        }, this::apiError);
    }

    /** arXiv reports a rejected query as an Atom error entry; the parser turns it into an ArxivApiException. */
    private Optional<String> apiError(byte[] body) {
        try {
            atomParser.parse(body);
            return Optional.empty();
        } catch (ArxivApiException e) {
            return Optional.of(e.getMessage());
        } catch (MalformedResponseException e) {
            return Optional.empty();
        }
    }

    private <T> T fetch(String what, String service, Request request, Function<byte[], T> onSuccess,
                        Function<byte[], Optional<String>> rejection) {
        return retrier.call(what, () -> {
            try (Response response = http.newCall(request).execute()) {
                byte[] body = response.body().bytes();
                if (response.isSuccessful()) {
                    return onSuccess.apply(body);
                }
                if (response.code() == 400) {
                    throw new ArxivApiException(service + " rejected the request: "
                            + rejection.apply(body).orElse("HTTP 400"));
                }
                throw new HttpStatusException(service, response.code(), response.message(),
                        Retrier.parseRetryAfter(response.header("Retry-After"), clock));
            }
        });
    }
}
