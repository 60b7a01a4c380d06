package io.hotpapers.core.http;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A GET of a small JSON API, attempted through the {@link Retrier}: each attempt reads the whole body (bounded by the
 * client's {@code ResponseSizeLimit}) and hands status, headers and body to the caller, who parses it or throws the
 * failure (an {@link HttpStatusException} for the Retrier to judge). What a source's answers mean stays with it.
 */
public final class RetriedGet {
    private final OkHttpClient http;
    private final Retrier retrier;

    public RetriedGet(OkHttpClient http, Retrier retrier) {
        this.http = http;
        this.retrier = retrier;
    }

    /** What one answer gives: a value, or an exception (transient or permanent, as the Retrier decides). */
    @FunctionalInterface
    public interface Answer<T> {
        T read(Response response, byte[] body) throws IOException;
    }

    /**
     * The value of the first answer that gives one.
     *
     * @param what a short description for messages ("Hacker News search /search_by_date page 0")
     */
    public <T> T get(String what, HttpUrl url, Answer<T> answer) {
        Request request = new Request.Builder().url(url).get().build();
        return retrier.call(what, () -> {
            try (Response response = http.newCall(request).execute()) {
                return answer.read(response, response.body().bytes());
            }
        });
    }
}
