package io.hotpapers.social.x;

import io.hotpapers.core.config.XSettings;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/** X (Twitter) as a registered source: bearer-token client, X's rate-limit windows, the monthly post budget. */
public final class XModule implements SourceModule {
    /** The endpoints whose rate-limit windows the metrics show. */
    private static final List<String> LIMITED_ENDPOINTS =
            List.of("/2/tweets/search/recent", "/2/tweets/search/all", "/2/tweets");

    @Override
    public String id() {
        return XSource.NAME;
    }

    @Override
    public SourceRenderer renderer() {
        return new XPostRenderer();
    }

    @Override
    public EnabledSource build(SourceContext context) {
        XSettings settings = context.config().x();
        XRateLimiter limiter = new XRateLimiter(context.clock(), context.sleeper(),
                new WaitLimit(context.config().maxWait()));
        OkHttpClient http = context.http().apply(id())
                .addInterceptor(new BearerTokenInterceptor(settings.bearerToken()))
                .addInterceptor(limiter)
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2))
                .build();
        XClient client = new XClient(settings.apiUrl(), http, context.clock(), context.retrier(), context.json());
        PostBudget budget = new PostBudget(context.usage(), id(), settings.monthlyPostCap(), context.clock(),
                context.stop());
        XSource source = new XSource(client, new QueryPacker(settings.queryMaxLength()), new ArxivLinkExtractor(),
                budget, settings.fullArchive(), settings.maxPagesPerQuery(), context.clock());
        registerGauges(limiter, context);
        return new EnabledSource(source, budget, context.config().refreshPolicy());
    }

    private static void registerGauges(XRateLimiter limiter, SourceContext context) {
        for (String path : LIMITED_ENDPOINTS) {
            Gauge.builder("hotpapers.x.ratelimit.remaining", () -> {
                XRateLimiter.Window window = limiter.window(path);
                return window == null ? Double.NaN : window.remaining();
            }).description("Requests left in X's current window").tag("endpoint", path).register(context.metrics());
        }
    }
}
