package io.hotpapers.social.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.RetriedGet;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.text.UntrustedText;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The two Hugging Face endpoints hotpapers reads: one page of a day's Daily Papers, and one paper page. The token
 * (if any), politeness and rate limit come from the interceptors of the {@link OkHttpClient} it is given; retries
 * from the {@link Retrier}.
 */
public final class HuggingFaceClient {
    /** The page size huggingface_hub uses by default: the server honours it, and a day rarely has more. */
    public static final int PAGE_SIZE = 50;
    private static final String SERVICE = "Hugging Face API";

    private final HttpUrl baseUrl;
    private final RetriedGet http;
    private final Clock clock;
    private final HuggingFaceParser parser;
    private final ObjectMapper json;

    public HuggingFaceClient(HttpUrl baseUrl, OkHttpClient http, Clock clock, Retrier retrier, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.http = new RetriedGet(http, retrier);
        this.clock = clock;
        this.json = json;
        this.parser = new HuggingFaceParser(json);
    }

    /** Page {@code page} (from 0) of the papers put in Daily Papers on {@code date}, {@value #PAGE_SIZE} at most. */
    public HfPage dailyPapers(LocalDate date, int page) {
        return dailyPapers(HfWindow.day(date), page);
    }

    /** Page {@code page} (from 0) of the papers put in Daily Papers in a day, week or month. */
    HfPage dailyPapers(HfWindow window, int page) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/daily_papers")
                .addQueryParameter(window.parameter(), window.value())
                .addQueryParameter("limit", Integer.toString(PAGE_SIZE))
                .addQueryParameter("p", Integer.toString(page))
                .build();
        String what = "Hugging Face daily papers of " + window + " (page " + page + ")";
        return http.get(what, url, (response, body) -> {
            if (response.isSuccessful()) {
                return parser.parseDailyPapers(body);
            }
            throw failure(response, body);
        });
    }

    /** The paper page of an arXiv id; empty when Hugging Face has none (404). */
    public Optional<HfPage> paper(String arxivId) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/papers").addPathSegment(arxivId).build();
        return http.get("Hugging Face paper page " + arxivId, url, (response, body) -> {
            if (response.code() == 404) {
                return Optional.<HfPage>empty();
            }
            if (response.isSuccessful()) {
                return Optional.of(parser.parsePaper(body));
            }
            throw failure(response, body);
        });
    }

    private RuntimeException failure(Response response, byte[] body) {
        int status = response.code();
        Duration retryAfter = Retrier.parseRetryAfter(response.header("Retry-After"), clock);
        if (retryAfter == null && status == 429) {
            retryAfter = HuggingFaceRateLimiter.window(response.header("RateLimit"))
                    .map(window -> window.untilReset().plusSeconds(1)).orElse(null);
        }
        return new HttpStatusException(SERVICE, status, detail(body), retryAfter);
    }

    /** The server's one-line reason ({@code {"error":"…"}}), bounded; never the request, which holds no secret anyway. */
    private String detail(byte[] body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            return error.isTextual() ? UntrustedText.line(error.asText(), 200) : "";
        } catch (IOException | RuntimeException e) {
            return ""; // not JSON (an HTML error page): the status alone
        }
    }
}
