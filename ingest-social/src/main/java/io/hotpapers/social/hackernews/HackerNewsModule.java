package io.hotpapers.social.hackernews;

import io.hotpapers.core.config.HackerNewsSettings;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import okhttp3.OkHttpClient;

/**
 * Hacker News as a registered source: no credentials, requests spaced by {@code HN_MIN_INTERVAL}, no monthly cap
 * (the budget counts what is read and is where a stop takes effect).
 */
public final class HackerNewsModule implements SourceModule {
    /** Hacker News does not bill reads: the budget only counts them. */
    static final long UNCAPPED = Long.MAX_VALUE;

    @Override
    public String id() {
        return HackerNewsSource.NAME;
    }

    @Override
    public SourceRenderer renderer() {
        return new HackerNewsRenderer();
    }

    @Override
    public EnabledSource build(SourceContext context) {
        HackerNewsSettings settings = context.config().hackerNews();
        OkHttpClient http = HackerNewsClient.polite(context.http().apply(id()), settings.minInterval(),
                context.clock(), context.sleeper()).build();
        HackerNewsClient client = new HackerNewsClient(settings.apiUrl(), http, context.clock(), context.retrier(),
                context.json());
        PostBudget budget = new PostBudget(context.usage(), id(), UNCAPPED, context.clock(), context.stop());
        HackerNewsSource source = new HackerNewsSource(client, new ArxivLinkExtractor(), budget,
                HackerNewsSource.DEFAULT_MAX_REQUESTS_PER_ROUND, context.clock());
        return new EnabledSource(source, budget, context.config().refreshPolicy());
    }
}
