package io.hotpapers.scheduler.delivery;

import io.hotpapers.core.http.Retrier;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs a JSON body to a webhook and decides, in one place, what its answer means: 2xx delivered; 408, 429 and 5xx
 * or no answer transient (with the {@code Retry-After} the service asked for); any other status permanent. Error
 * messages name the channel, never the URL (a chat webhook's URL is its credential).
 */
final class WebhookPoster {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** The longest Retry-After honoured; a longer one is clamped (the delivery retries later anyway). */
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final OkHttpClient http;
    private final Clock clock;

    WebhookPoster(OkHttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    void post(String channel, HttpUrl url, byte[] body, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        headers.forEach(request::header);
        try (Response response = http.newCall(request.build()).execute()) {
            int code = response.code();
            if (response.isSuccessful()) {
                return;
            }
            String reason = channel + " answered HTTP " + code;
            if (code == 408 || code == 429 || code >= 500) {
                throw DeliveryException.transientFailure(reason, retryAfter(response.header("Retry-After")), null);
            }
            throw DeliveryException.permanent(reason + " (the request was refused; check the webhook setting)", null);
        } catch (IOException e) {
            // the exception text may hold the host and path, which are the credential: only its type is kept
            throw DeliveryException.transientFailure(channel + " could not be reached (" + e.getClass().getSimpleName()
                    + ")", null, null);
        }
    }

    /** Retry-After (seconds or an HTTP date, read as every client reads it), bounded; {@code null} when absent. */
    private Duration retryAfter(String header) {
        Duration asked = Retrier.parseRetryAfter(header, clock);
        return asked == null || asked.compareTo(MAX_RETRY_AFTER) <= 0 ? asked : MAX_RETRY_AFTER;
    }

    /** A text cut to a chat service's field limit, marked with an ellipsis. */
    static String clip(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
