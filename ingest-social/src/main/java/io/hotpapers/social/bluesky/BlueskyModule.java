package io.hotpapers.social.bluesky;

import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.RateLimitWindows;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import io.hotpapers.social.bluesky.stream.JetstreamConsumer;
import io.hotpapers.social.bluesky.stream.JetstreamGaps;
import io.hotpapers.social.bluesky.stream.JetstreamSettings;
import io.micrometer.core.instrument.Gauge;
import java.util.List;

/**
 * Bluesky as a registered source: getPosts without credentials, search with a session when an account is set,
 * Bluesky's rate-limit windows, and its embeds. Reads cost nothing, so its allowance only records usage.
 */
public final class BlueskyModule implements SourceModule {

    @Override
    public String id() {
        return BlueskySource.NAME;
    }

    @Override
    public SourceRenderer renderer() {
        return new BlueskyPostRenderer();
    }

    @Override
    public EnabledSource build(SourceContext context) {
        RateLimitStore rateLimits = new RateLimitStore(context.jdbi());
        BlueskyAssembly parts = BlueskyAssembly.assemble(context.config().bluesky(), context.http().apply(id()),
                context.clock(), context.sleeper(), context.retrier(), new WaitLimit(context.config().maxWait()),
                context.json(), context.usage(), context.stop(), new JetstreamGaps(context.cursors(), id()),
                window -> rateLimits.record(id(), window));
        registerGauges(parts, context);
        // the live stream finds new posts without an account; the refresh job then reads their counts and labels
        JetstreamConsumer stream = JetstreamConsumer.build(context, id(),
                JetstreamSettings.defaults(context.config().bluesky().jetstreamUrl().toString()), parts.records()::parse);
        return new EnabledSource(parts.source(), parts.budget(), context.config().refreshPolicy(), List.of(stream));
    }

    private static void registerGauges(BlueskyAssembly parts, SourceContext context) {
        String api = context.config().bluesky().apiUrl().host() + "/xrpc/app.bsky.feed.getPosts";
        String search = context.config().bluesky().pdsUrl().host() + "/xrpc/app.bsky.feed.searchPosts";
        for (String endpoint : List.of(api, search)) {
            Gauge.builder("hotpapers.bluesky.ratelimit.remaining", () -> {
                RateLimitWindows.Window window = parts.limiter().window(endpoint);
                return window == null ? Double.NaN : window.remaining();
            }).description("Requests left in Bluesky's current window").tag("endpoint", endpoint)
                    .register(context.metrics());
        }
    }
}
