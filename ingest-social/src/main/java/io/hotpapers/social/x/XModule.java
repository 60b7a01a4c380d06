package io.hotpapers.social.x;

import io.hotpapers.core.config.XSettings;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.BilledDayPlanner;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RateLimitWindows;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** X (Twitter) as a registered source: bearer-token client, X's rate-limit windows, the monthly post budget. */
public final class XModule implements SourceModule {
    private static final Logger LOG = LoggerFactory.getLogger(XModule.class);
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
        // every window X announces is stored, so status and every node's /metrics show it (SourceStatus)
        RateLimitStore rateLimits = new RateLimitStore(context.jdbi());
        XRateLimiter limiter = new XRateLimiter(context.clock(), context.sleeper(),
                new WaitLimit(context.config().maxWait()), window -> rateLimits.record(id(), window));
        OkHttpClient http = context.http().apply(id())
                .addInterceptor(new BearerTokenInterceptor(settings.bearerToken()))
                .addInterceptor(limiter)
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2))
                .build();
        XClient client = new XClient(settings.apiUrl(), http, context.clock(), context.retrier(), context.json());
        // X bills in money: each post returned once per UTC day, each user object every time
        PostBudget budget = new PostBudget(context.usage(), id(), settings.monthlyPostCap(), settings.monthlyBudget(),
                new UsageStore.Prices(settings.postReadPrice(), settings.userReadPrice()), context.clock(),
                context.stop());
        if (settings.postCapBindsFirst()) {
            LOG.warn("X_MONTHLY_POST_CAP ({}) ends X's reads before X_MONTHLY_BUDGET ({}) is spent at {} a post",
                    settings.monthlyPostCap(), settings.monthlyBudget(), settings.postReadPrice());
        }
        XSource source = new XSource(client, new QueryPacker(settings.queryMaxLength()), new ArxivLinkExtractor(),
                budget, settings.fullArchive(), settings.maxPagesPerQuery(), context.clock(),
                authorIds -> context.posts().knownAuthors(id(), authorIds));
        registerGauges(limiter, context);
        ScoreWeights weights = context.config().digest().scoreWeights();
        // the daemon's digest lists papers from the default score up: the planner reads those that can reach it
        return new EnabledSource(source, budget, context.config().refreshPolicy(), List.of(),
                new BilledDayPlanner(budget, context.config().refreshPolicy(), context.config().daemon().digestTime(),
                        DigestParameters.DEFAULT_MIN_SCORE, weights.weight(id()),
                        BilledDayPlanner.OtherSources.of(context.snapshots(), weights, id()),
                        notAfter -> context.snapshots().readingsAtOrBefore(id(), notAfter)));
    }

    private static void registerGauges(XRateLimiter limiter, SourceContext context) {
        for (String path : LIMITED_ENDPOINTS) {
            Gauge.builder("hotpapers.x.ratelimit.remaining", () -> {
                RateLimitWindows.Window window = limiter.window(path);
                return window == null ? Double.NaN : window.remaining();
            }).description("Requests left in X's current window").tag("endpoint", path).register(context.metrics());
        }
    }
}
