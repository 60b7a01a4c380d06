package io.hotpapers.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.social.x.BearerTokenInterceptor;
import io.hotpapers.social.x.QueryPacker;
import io.hotpapers.social.x.XClient;
import io.hotpapers.social.x.XRateLimiter;
import io.hotpapers.social.x.XSource;
import java.math.BigDecimal;
import java.util.Random;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/** An X source wired as in production, against a MockWebServer, on a test clock. */
public final class TestX {
    public static final String TOKEN = "AAAA-test-bearer-token-0123456789";
    /** The default of X_MAX_PAGES_PER_QUERY. */
    public static final int DEFAULT_MAX_PAGES_PER_QUERY = 50;

    /** X's listed prices (2026). */
    public static final UsageStore.Prices X_PRICES = new UsageStore.Prices(new BigDecimal("0.005"),
            new BigDecimal("0.010"));

    public final MutableClock clock;
    public final FakeSleeper rateLimitWaits;
    public final FakeSleeper backoff;
    public final XRateLimiter limiter;
    public final XSource source;
    public final PostBudget budget;

    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive) {
        this(server, jdbi, clock, monthlyCap, fullArchive, DEFAULT_MAX_PAGES_PER_QUERY);
    }

    /** With a stop signal, which the budget (and so every request) obeys. */
    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive,
                 StopSignal stop) {
        this(server, jdbi, clock, monthlyCap, fullArchive, DEFAULT_MAX_PAGES_PER_QUERY, stop);
    }

    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive,
                 int maxPagesPerQuery) {
        this(server, jdbi, clock, monthlyCap, fullArchive, maxPagesPerQuery, new StopSignal());
    }

    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive,
                 int maxPagesPerQuery, StopSignal stop) {
        this(server, jdbi, clock, monthlyCap, fullArchive, maxPagesPerQuery, stop, XSource.KnownAuthors.NONE);
    }

    /** With the authors taken as stored already. */
    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive,
                 XSource.KnownAuthors known) {
        this(server, jdbi, clock, monthlyCap, fullArchive, DEFAULT_MAX_PAGES_PER_QUERY, new StopSignal(), known);
    }

    public TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, boolean fullArchive,
                 int maxPagesPerQuery, StopSignal stop, XSource.KnownAuthors known) {
        this(server, jdbi, clock, monthlyCap, null, fullArchive, maxPagesPerQuery, stop, known);
    }

    /** X at its listed prices (0.005 a post, 0.010 a user object) under a money budget. */
    public static TestX priced(MockWebServer server, Jdbi jdbi, MutableClock clock, BigDecimal monthlyBudget) {
        return new TestX(server, jdbi, clock, 3_000_000, monthlyBudget, false, DEFAULT_MAX_PAGES_PER_QUERY,
                new StopSignal(), XSource.KnownAuthors.NONE);
    }

    private TestX(MockWebServer server, Jdbi jdbi, MutableClock clock, long monthlyCap, BigDecimal monthlyBudget,
                  boolean fullArchive, int maxPagesPerQuery, StopSignal stop, XSource.KnownAuthors known) {
        this.clock = clock;
        this.rateLimitWaits = new FakeSleeper(clock);
        this.backoff = new FakeSleeper(clock);
        this.limiter = new XRateLimiter(clock, rateLimitWaits, WaitLimit.standard());
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(new BearerTokenInterceptor(new Secret(TOKEN)))
                .addInterceptor(limiter)
                .build();
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, backoff, new Random(7));
        XClient client = new XClient(server.url("/"), http, clock, retrier, new ObjectMapper());
        this.budget = monthlyBudget == null ? new PostBudget(new UsageStore(jdbi), XSource.NAME, monthlyCap, clock, stop)
                : new PostBudget(new UsageStore(jdbi), XSource.NAME, monthlyCap, monthlyBudget, X_PRICES, clock, stop);
        this.source = new XSource(client, new QueryPacker(512), new ArxivLinkExtractor(), budget, fullArchive,
                maxPagesPerQuery, clock, known);
    }
}
