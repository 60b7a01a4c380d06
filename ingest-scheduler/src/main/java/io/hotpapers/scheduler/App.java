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
import io.hotpapers.core.http.SharedRequestSpacer;
import io.hotpapers.core.http.ResponseSizeLimit;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.scheduler.health.RequestMetrics;
import io.hotpapers.scheduler.health.SpendMetrics;
import io.hotpapers.scheduler.jobs.IngestionJobs;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import io.hotpapers.scheduler.jobs.SchedulerStateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
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
import io.hotpapers.social.BilledDayPlanner;
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
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every hotpapers part from the validated configuration, by constructor.
 *
 * <p>Everything is wired in the constructor, without I/O; {@link #start()} brings the database up, applies
 * pending migrations and gives back what ended processes left behind; {@link #stop()} releases everything.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    private static final Duration ARXIV_CALL_TIMEOUT = Duration.ofMinutes(3);
    private final HotpapersConfig config;
    private final Clock clock;
    private final CategoryTaxonomy taxonomy;
    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Sleeper sleeper;
    private final StopSignal stopSignal;
    private final XRateLimiter xLimiter;
    private final OkHttpClient arxivHttp;
    private final ArxivClient arxivClient;
    private final MailingCalendar calendar;
    private final OkHttpClient xHttp;
    private final XClient xClient;
    private final PaperStore papers;
    private final ListingStore listingStore;
    private final MetadataAttemptStore metadataAttempts;
    private final IngestRunStore runs;
    private final UsageStore usage;
    private final PostStore postStore;
    private final SchedulerStateStore schedulerState;
    private final JobOutcomeStore jobOutcomes;
    private final TrendsQuery trends;
    private final BackfillService backfill;
    private final ListingIngestService listings;
    private final DigestService digests;
    private final List<Social> sources;
    private final IngestionJobs jobs;
    /** What the migration at start did; set by {@link #start()}. */
    private volatile MigrationReport migration;

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
        // one spacer for every arXiv endpoint: the query API and the listing feeds share arXiv's limit
        this.arxivHttp = new OkHttpClient.Builder()
                .addInterceptor(new UserAgentInterceptor(userAgent(config)))
                .addInterceptor(new ResponseSizeLimit(config.maxResponseBytes()))
                .addInterceptor(new RequestSpacer(config.arxiv().minInterval(), clock, sleeper))
                .addInterceptor(sharedArxivSpacer(config, clock, sleeper))
                .addInterceptor(new RequestMetrics(metrics, "arxiv"))
                .connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(90))
                .callTimeout(ARXIV_CALL_TIMEOUT)
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
            this.xLimiter = null;
            this.xHttp = null;
            this.xClient = null;
        }
        Jdbi jdbi = database.jdbi();
        this.papers = new PaperStore(jdbi, clock);
        this.listingStore = new ListingStore(jdbi, clock);
        this.metadataAttempts = new MetadataAttemptStore(jdbi, clock);
        this.runs = new IngestRunStore(jdbi, clock, json);
        this.usage = new UsageStore(jdbi);
        this.schedulerState = new SchedulerStateStore(jdbi, config.daemon().clusterCheckin(), clock);
        this.jobOutcomes = new JobOutcomeStore(jdbi);
        this.trends = new TrendsQuery(jdbi, config.digest().scoreWeights());
        this.backfill = new BackfillService(arxivClient, calendar, listingStore, runs, clock, ArxivClient.MAX_PAGE_SIZE,
                stopSignal);
        this.listings = new ListingIngestService(arxivClient, papers, listingStore, metadataAttempts, runs,
                new MetadataFetcher(arxivClient, papers, ArxivClient.MAX_PAGE_SIZE));
        PostStore posts = new PostStore(jdbi, clock);
        this.postStore = posts;
        SnapshotStore snapshots = new SnapshotStore(jdbi);
        CursorStore cursors = new CursorStore(jdbi, clock);
        // X's posts render as X's even when X is no longer enabled: they stay in the database
        List<SourceRenderer> renderers = new ArrayList<>(List.of(new XPostRenderer()));
        List<Social> enabled = new ArrayList<>();
        // the registration of sources: one branch per source id of HOTPAPERS_SOURCES
        for (String id : config.sources()) {
            if (id.equals(XSource.NAME) && xClient != null) {
                // X bills in money: each post returned once per UTC day, each user object (issue 18)
                PostBudget budget = new PostBudget(usage, XSource.NAME, config.x().monthlyPostCap(),
                        config.x().monthlyBudget(), new UsageStore.Prices(config.x().postReadPrice(),
                                config.x().userReadPrice()), clock, stopSignal);
                if (config.x().postCapBindsFirst()) {
                    LOG.warn("X_MONTHLY_POST_CAP ({}) ends X's reads before X_MONTHLY_BUDGET ({}) is spent at {} a "
                            + "post", config.x().monthlyPostCap(), config.x().monthlyBudget(), config.x().postReadPrice());
                }
                XSource source = new XSource(xClient, new QueryPacker(config.x().queryMaxLength()),
                        new ArxivLinkExtractor(), budget, config.x().fullArchive(), config.x().maxPagesPerQuery(), clock,
                        authorIds -> posts.knownAuthors(XSource.NAME, authorIds));
                enabled.add(new Social(budget,
                        new DiscoveryService(source, papers, posts, snapshots, cursors, runs, clock, stopSignal),
                        new RefreshService(source, posts, snapshots, runs, config.x().refreshPolicy(), clock,
                                stopSignal, new BilledDayPlanner(budget, config.x().refreshPolicy(),
                                        config.daemon().digestTime()))));
            }
        }
        this.sources = List.copyOf(enabled);
        this.digests = new DigestService(new DigestQuery(jdbi, papers, config.digest().scoreWeights()),
                new DigestStore(jdbi, json), trends, json, digestStyle(config, taxonomy), config.digest().siteUrl(),
                clock, new SourceRenderers(renderers));
        this.jobs = new IngestionJobs(listings, backfill, sources.stream().map(Social::discovery).toList(),
                sources.stream().map(Social::refresh).toList(), digests, listingStore, metadataAttempts, runs,
                calendar, categories(), config.activeDays(), config.daemon(), config.digestDirectory(), clock,
                sleeper, stopSignal);
        registerGauges();
    }

    /**
     * arXiv's spacing kept by every hotpapers process on this database together (CLI, daemon, all cluster
     * nodes); per-process spacing alone while the database is not up.
     */
    private SharedRequestSpacer sharedArxivSpacer(HotpapersConfig config, Clock clock, Sleeper sleeper) {
        Duration minInterval = config.arxiv().minInterval();
        return new SharedRequestSpacer("arxiv", minInterval, ARXIV_CALL_TIMEOUT.plus(minInterval).plusSeconds(30),
                database::dataSource, clock, sleeper);
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

    /** Connects to (or starts) the database, migrates it and abandons ended processes' runs; once per process. */
    public void start() {
        database.start();
        try {
            migration = database.migrate();
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
        abandonOrphans();
    }

    /** At every start: runs whose process is gone become {@code abandoned}, and their budget reservations go back. */
    private void abandonOrphans() {
        List<IngestRun> abandoned = runs.abandonOrphans();
        long released = usage.releaseOrphans();
        if (!abandoned.isEmpty() || released > 0) {
            LOG.info("Marked {} run(s) of ended processes abandoned; gave back {} reserved post(s)", abandoned.size(),
                    released);
        }
    }

    /** What each source billed and spent. */
    public UsageStore usage() {
        return usage;
    }

    /** The stored posts of every source. */
    public PostStore posts() {
        return postStore;
    }

    /** The process's stop signal (Ctrl-C, SIGTERM, daemon stop). */
    public StopSignal stopSignal() {
        return stopSignal;
    }

    /** The daemon's jobs, wired to the services; they run once the database is started. */
    public IngestionJobs jobs() {
        return jobs;
    }

    /** Engagement trends over the database's views. */
    public TrendsQuery trends() {
        return trends;
    }

    /** What the clustered scheduler wrote: live daemons, next fire times. */
    public SchedulerStateStore schedulerState() {
        return schedulerState;
    }

    /** Each job's last success and failure, as /health and {@code status} judge them. */
    public JobOutcomeStore jobOutcomes() {
        return jobOutcomes;
    }

    public IngestRunStore runs() {
        return runs;
    }

    public PaperStore papers() {
        return papers;
    }

    /** The stored listings of mailing dates. */
    public ListingStore listingStore() {
        return listingStore;
    }

    /** Metadata arXiv did not return: attempts, and what is still owed. */
    public MetadataAttemptStore metadataAttempts() {
        return metadataAttempts;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    private void registerGauges() {
        Gauge.builder("hotpapers.papers.tracked", () -> estimatedRows("papers"))
                .description("Papers with metadata").register(metrics);
        Gauge.builder("hotpapers.tweets.tracked", () -> estimatedRows("posts"))
                .description("Posts linking papers").register(metrics);
        Gauge.builder("hotpapers.rows", () -> estimatedRows("post_snapshots"))
                .description("Rows written, by table").tag("table", "post_snapshots").register(metrics);
        SpendMetrics.register(metrics, usage, sources.stream().map(Social::budget).toList());
        if (xLimiter != null) {
            for (String path : List.of("/2/tweets/search/recent", "/2/tweets/search/all", "/2/tweets")) {
                Gauge.builder("hotpapers.x.ratelimit.remaining", () -> {
                    XRateLimiter.Window window = xLimiter.window(path);
                    return window == null ? Double.NaN : window.remaining();
                }).description("Requests left in X's current window").tag("endpoint", path).register(metrics);
            }
        }
    }

    /** A table's estimated rows; NaN while the database cannot answer, so a scrape never fails. */
    private double estimatedRows(String table) {
        try {
            return database.estimatedRows(table);
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
        return sources;
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

    /** What the migration at start did; {@code null} before {@link #start()}. */
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
