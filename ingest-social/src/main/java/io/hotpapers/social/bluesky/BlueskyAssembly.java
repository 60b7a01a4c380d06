package io.hotpapers.social.bluesky;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.BlueskySettings;
import io.hotpapers.social.bluesky.stream.JetstreamGaps;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.PostBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The Bluesky source's parts built from its settings, for the composition root (through the source module): one
 * rate limiter for every Bluesky call, a session only when an account is configured, and the parsers the live
 * stream shares with search and refresh.
 *
 * @param records the record parser, which the stream consumer uses for every streamed post
 * @param client getPosts (no credentials) and searchPosts (with the session); the stream consumer hydrates counts
 *     of the posts it finds with getPosts
 */
public record BlueskyAssembly(BlueskySource source, PostBudget budget, BlueskyClient client, PostRecordParser records,
                              PostViewParser views, BlueskyRateLimiter limiter, Optional<BlueskySession> session) {
    /**
     * Bluesky bills nothing: the allowance only records usage and lets a stop end a round between requests. Ten
     * million posts a month is far beyond what one search per paper and window, and refreshes 25 a call, read.
     */
    public static final long MONTHLY_POSTS = 10_000_000L;
    /** The most pages of 100 read for one paper's search window. */
    public static final int MAX_PAGES_PER_SEARCH = 10;

    /**
     * @param http a builder that already has the user agent, the response size limit and the request metrics
     * @param heard told each rate-limit window Bluesky announces (for {@code status})
     */
    public static BlueskyAssembly assemble(BlueskySettings settings, OkHttpClient.Builder http, Clock clock,
                                           Sleeper sleeper, Retrier retrier, WaitLimit waitLimit, ObjectMapper json,
                                           UsageStore usage, StopSignal stop, JetstreamGaps streamGaps,
                                           Consumer<RateLimitWindow> heard) {
        BlueskyRateLimiter limiter = new BlueskyRateLimiter(clock, sleeper, waitLimit, heard);
        OkHttpClient publicHttp = http.addInterceptor(limiter)
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(2))
                .build();
        Optional<BlueskySession> session = settings.canSearch()
                ? Optional.of(new BlueskySession(settings.pdsUrl(), publicHttp, clock, json, settings.handle(),
                        settings.appPassword()))
                : Optional.empty();
        Optional<OkHttpClient> sessionHttp = session.map(s -> publicHttp.newBuilder()
                .addInterceptor(new SessionInterceptor(s)).build());
        PostRecordParser records = new PostRecordParser(new ArxivLinkExtractor(), clock);
        PostViewParser views = new PostViewParser(json, records, clock);
        BlueskyClient client = new BlueskyClient(settings.apiUrl(), settings.pdsUrl(), publicHttp, sessionHttp, clock,
                retrier, views);
        PostBudget budget = new PostBudget(usage, BlueskySource.NAME, MONTHLY_POSTS, clock, stop);
        return new BlueskyAssembly(new BlueskySource(client, budget, MAX_PAGES_PER_SEARCH, clock, streamGaps), budget, client,
                records, views, limiter, session);
    }
}
