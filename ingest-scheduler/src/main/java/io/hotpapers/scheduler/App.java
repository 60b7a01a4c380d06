package io.hotpapers.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.arxiv.MetadataFetcher;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.db.MigrationReport;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.XPostRenderer;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.ResponseSizeLimit;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.scheduler.health.RequestMetrics;
import io.hotpapers.scheduler.jobs.IngestionJobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.social.ArxivLinkExtractor;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.x.BearerTokenInterceptor;
import io.hotpapers.social.x.QueryPacker;
import io.hotpapers.social.x.XClient;
import io.hotpapers.social.x.XRateLimiter;
import io.hotpapers.social.x.XSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every hotpapers part from the validated configuration, by constructor.
 *
 * <p>{@link #start()} brings the database up, applies pending migrations and wires the services that need
 * it; {@link #stop()} releases everything.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    private final HotpapersConfig config;
    private final Clock clock;
    private final CategoryTaxonomy taxonomy;
    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Sleeper sleeper;
    private final StopSignal stopSignal;
    private XRateLimiter xLimiter;
    private final OkHttpClient arxivHttp;
    private final ArxivClient arxivClient;
    private final MailingCalendar calendar;
    private final OkHttpClient xHttp;
    private final XClient xClient;
    private MigrationReport migration;
    private BackfillService backfill;
    private ListingIngestService listings;
    private final List<Social> sources = new ArrayList<>();
    private DigestService digests;
    private IngestionJobs jobs;
    private IngestRunStore runs;
    private PaperStore papers;

    /** One enabled source: its budget and its discovery and refresh services. */
    public record Social(PostBudget budget, DiscoveryService discovery, RefreshService refresh) {
        /** The source id ({@code x}, …). */
        public String source() {
            return discovery.source();
        }
    }

    public App(HotpapersConfig config, Clock clock, Sleeper sleeper, CategoryTaxonomy taxonomy) {
        this(config, clock, sleeper, taxonomy, new StopSignal());
    }

    /** With the process's stop signal, which every service checks between its units of work. */
    public App(HotpapersConfig config, Clock clock, Sleeper sleeper, CategoryTaxonomy taxonomy, StopSignal stopSignal) {
        this.stopSignal = stopSignal;
        this.config = config;
        this.clock = clock;
        this.taxonomy = taxonomy;
        this.database = new Database(config.database());
        // one spacer for every arXiv endpoint: the query API, listing feeds and OAI-PMH share arXiv's limit
        this.arxivHttp = new OkHttpClient.Builder()
                .addInterceptor(new UserAgentInterceptor(userAgent(config)))
                .addInterceptor(new ResponseSizeLimit(config.maxResponseBytes()))
                .addInterceptor(new RequestSpacer(config.arxiv().minInterval(), clock, sleeper))
                .addInterceptor(new RequestMetrics(metrics, "arxiv"))
                .connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(90))
                .callTimeout(Duration.ofMinutes(3))
                .build();
        Retrier retrier = new Retrier(Retrier.Policy.standard().withMaxWait(config.maxWait()), clock, sleeper,
                new SecureRandom());
        this.arxivClient = new ArxivClient(config.arxiv().apiUrl(), config.arxiv().rssUrl(), arxivHttp, clock, retrier);
        this.calendar = MailingCalendar.withShippedHolidays(config.arxiv().extraHolidays());
        this.sleeper = sleeper;
        if (config.x().enabled()) {
            this.xLimiter = new XRateLimiter(clock, sleeper, new WaitLimit(config.maxWait()));
            this.xHttp = new OkHttpClient.Builder()
                    .addInterceptor(new UserAgentInterceptor(userAgent(config)))
                    .addInterceptor(new ResponseSizeLimit(config.maxResponseBytes()))
                    .addInterceptor(new BearerTokenInterceptor(config.x().bearerToken()))
                    .addInterceptor(xLimiter)
                    .addInterceptor(new RequestMetrics(metrics, "x"))
                    .connectTimeout(Duration.ofSeconds(20))
                    .readTimeout(Duration.ofSeconds(60))
                    .callTimeout(Duration.ofMinutes(2))
                    .build();
            // X's windows are 15 minutes long: waiting out a 429 takes up to that long, the default HOTPAPERS_MAX_WAIT
            this.xClient = new XClient(config.x().apiUrl(), xHttp, clock, retrier, json);
        } else {
            this.xHttp = null;
            this.xClient = null;
        }
    }

    /** hotpapers' User-Agent: product, version and, when configured, how to reach whoever runs it. */
    static String userAgent(HotpapersConfig config) {
        return "hotpapers/" + version() + " (+https://github.com/hotpapers/hotpapers"
                + (config.contact() == null ? "" : "; " + config.contact()) + ")";
    }

    /** The version the build wrote into the jar manifest. */
    public static String version() {
        String version = App.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /** Connects to (or starts) the database, migrates it and wires the services; once per process. */
    public void start() {
        database.start();
        try {
            migration = database.migrate();
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
        papers = new PaperStore(database.jdbi(), clock);
        runs = new IngestRunStore(database.jdbi(), clock, json);
        UsageStore usage = new UsageStore(database.jdbi());
        abandonOrphans(usage);
        backfill = new BackfillService(arxivClient, calendar, papers, runs, clock, ArxivClient.MAX_PAGE_SIZE,
                stopSignal);
        listings = new ListingIngestService(arxivClient, papers, runs,
                new MetadataFetcher(arxivClient, papers, ArxivClient.MAX_PAGE_SIZE));
        registerGauges(papers);
        PostStore posts = new PostStore(database.jdbi(), clock);
        SnapshotStore snapshots = new SnapshotStore(database.jdbi());
        CursorStore cursors = new CursorStore(database.jdbi(), clock);
        // X's posts render as X's even when X is no longer enabled: they stay in the database
        List<SourceRenderer> renderers = new ArrayList<>(List.of(new XPostRenderer()));
        // the registration of sources: one branch per source id of HOTPAPERS_SOURCES
        for (String id : config.sources()) {
            if (id.equals(XSource.NAME) && xClient != null) {
                PostBudget budget = new PostBudget(usage, XSource.NAME, config.x().monthlyPostCap(), clock, stopSignal);
                XSource source = new XSource(xClient, new QueryPacker(config.x().queryMaxLength()),
                        new ArxivLinkExtractor(), budget, config.x().fullArchive(), config.x().maxPagesPerQuery(), clock);
                sources.add(new Social(budget,
                        new DiscoveryService(source, papers, posts, snapshots, cursors, runs, clock, stopSignal),
                        new RefreshService(source, posts, snapshots, runs, config.x().refreshPolicy(), clock,
                                stopSignal)));
            }
        }
        digests = new DigestService(new DigestQuery(database.jdbi(), papers, config.digest().scoreWeights()),
                new DigestStore(database.jdbi(), json), trends(), json, digestStyle(config, taxonomy),
                config.digest().siteUrl(), clock, new SourceRenderers(renderers));
        jobs = new IngestionJobs(listings, backfill, sources.stream().map(Social::discovery).toList(),
                sources.stream().map(Social::refresh).toList(),
                digests, papers, runs, calendar, categories(), config.x().activeDays(), config.daemon(),
                config.digestDirectory(), clock, sleeper, stopSignal);
    }

    /** At every start: runs whose process is gone become {@code abandoned}, and their budget reservations go back. */
    private void abandonOrphans(UsageStore usage) {
        List<IngestRun> abandoned = runs.abandonOrphans();
        long released = usage.releaseOrphans();
        if (!abandoned.isEmpty() || released > 0) {
            LOG.info("Marked {} run(s) of ended processes abandoned; gave back {} reserved post(s)", abandoned.size(),
                    released);
        }
    }

    /** The process's stop signal (Ctrl-C, SIGTERM, daemon stop). */
    public StopSignal stopSignal() {
        return stopSignal;
    }

    /** The daemon's jobs, wired to the services; available after {@link #start()}. */
    public IngestionJobs jobs() {
        return jobs;
    }

    /** Engagement trends over the database's views. */
    public TrendsQuery trends() {
        return new TrendsQuery(database.jdbi(), config.digest().scoreWeights());
    }

    public IngestRunStore runs() {
        return runs;
    }

    public PaperStore papers() {
        return papers;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    private void registerGauges(PaperStore papers) {
        Gauge.builder("hotpapers.papers.tracked", () -> count("papers"))
                .description("Papers with metadata").register(metrics);
        Gauge.builder("hotpapers.tweets.tracked", () -> count("posts"))
                .description("Tweets linking papers").register(metrics);
        Gauge.builder("hotpapers.rows", () -> count("post_snapshots"))
                .description("Rows written, by table").tag("table", "post_snapshots").register(metrics);
        if (xLimiter != null) {
            for (String path : List.of("/2/tweets/search/recent", "/2/tweets/search/all", "/2/tweets")) {
                Gauge.builder("hotpapers.x.ratelimit.remaining", () -> {
                    XRateLimiter.Window window = xLimiter.window(path);
                    return window == null ? Double.NaN : window.remaining();
                }).description("Requests left in X's current window").tag("endpoint", path).register(metrics);
            }
        }
    }

    /** Live-row estimate from PostgreSQL's statistics: cheap enough to scrape at any size. */
    private double count(String table) {
        try {
            return database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables WHERE relname = :table "
                                    + "OR relname LIKE :partitions")
                    .bind("table", table)
                    .bind("partitions", table + "\\_%")
                    .mapTo(Double.class)
                    .one());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The digest look: configured tags, or "arXiv", "Twitter" and the names of the categories and archives. */
    static DigestStyle digestStyle(HotpapersConfig config, CategoryTaxonomy taxonomy) {
        List<String> tags = new ArrayList<>(config.digest().tags());
        if (tags.isEmpty()) {
            Set<String> derived = new LinkedHashSet<>(List.of("arXiv", "Twitter"));
            for (String category : config.categories()) {
                taxonomy.name(category).ifPresent(derived::add);
                taxonomy.name(CategoryTaxonomy.archiveOf(category)).ifPresent(derived::add);
            }
            tags.addAll(derived);
        }
        return new DigestStyle(config.digest().titlePrefix(), config.digest().category(), tags,
                config.digest().socialImage());
    }

    public DigestService digests() {
        return digests;
    }

    /** The enabled sources (HOTPAPERS_SOURCES), in the configured order; available after {@link #start()}. */
    public List<Social> sources() {
        return List.copyOf(sources);
    }

    /** The X source, when it is enabled (X_BEARER_TOKEN set and x among HOTPAPERS_SOURCES). */
    public Optional<Social> social() {
        return sources.stream().filter(social -> social.source().equals(XSource.NAME)).findFirst();
    }

    /** Releases the database and the HTTP clients; safe to call more than once. */
    public void stop() {
        database.stop();
        for (OkHttpClient http : new OkHttpClient[] {arxivHttp, xHttp}) {
            if (http != null) {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    public HotpapersConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    /** What the migration at start did. */
    public MigrationReport migration() {
        return migration;
    }

    /** The configured categories, with the taxonomy that expands archives. */
    public CategorySelection categories() {
        return new CategorySelection(config.categories(), taxonomy);
    }

    public MailingCalendar calendar() {
        return calendar;
    }

    public BackfillService backfill() {
        return backfill;
    }

    public ListingIngestService listings() {
        return listings;
    }
}
