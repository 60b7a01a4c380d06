package io.hotpapers.social.huggingface;

import io.hotpapers.core.config.HuggingFaceSettings;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import io.hotpapers.social.x.BearerTokenInterceptor;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Hugging Face paper pages as a registered source: anonymous reads (or with {@code HF_TOKEN} for the user limit),
 * spaced by {@code HF_MIN_INTERVAL} and held back when the server's {@code RateLimit} window is spent.
 */
public final class HuggingFaceModule implements SourceModule {
    /**
     * Hugging Face bills nothing and caps no posts: the budget only counts what was read (for status) and carries the
     * process's stop to every request.
     */
    static final long NO_CAP = Long.MAX_VALUE;

    @Override
    public String id() {
        return HuggingFaceSource.NAME;
    }

    @Override
    public SourceRenderer renderer() {
        return new HuggingFaceRenderer();
    }

    @Override
    public EnabledSource build(SourceContext context) {
        HuggingFaceSettings settings = context.config().huggingFace();
        OkHttpClient.Builder http = context.http().apply(id());
        settings.optionalToken().ifPresent(token -> http.addInterceptor(new BearerTokenInterceptor(token)));
        // spacing first, so that a retry is spaced too; then the server's own window
        RateLimitStore rateLimits = new RateLimitStore(context.jdbi());
        HuggingFaceRateLimiter limiter = new HuggingFaceRateLimiter(context.clock(), context.sleeper(),
                new WaitLimit(context.config().maxWait()), window -> rateLimits.record(id(), window));
        http.addInterceptor(new RequestSpacer(settings.minInterval(), context.clock(), context.sleeper()))
                .addInterceptor(limiter)
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2));
        HuggingFaceClient client = new HuggingFaceClient(settings.apiUrl(), http.build(), context.clock(),
                context.retrier(), context.json());
        PostBudget budget = new PostBudget(context.usage(), id(), NO_CAP, context.clock(), context.stop());
        HuggingFaceSource source = new HuggingFaceSource(client, budget, context.cursors(), settings.absentRecheck(),
                context.clock());
        Gauge.builder("hotpapers.huggingface.ratelimit.remaining", () -> {
            RateLimitWindow window = limiter.lastWindow();
            return window == null ? Double.NaN : window.remaining();
        }).description("Requests left in Hugging Face's current window").register(context.metrics());
        return new EnabledSource(source, budget, context.config().refreshPolicy());
    }
}
