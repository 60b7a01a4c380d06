package io.hotpapers.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.arxiv.MetadataFetcher;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.db.MigrationReport;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.SharedRequestSpacer;
import io.hotpapers.core.http.ResponseSizeLimit;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.scheduler.health.RequestMetrics;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.run.RunOwner;
import io.hotpapers.scheduler.delivery.DeliveryChannels;
import io.hotpapers.scheduler.delivery.DeliveryService;
import io.hotpapers.scheduler.delivery.DeliveryStore;
import io.hotpapers.scheduler.delivery.DigestMessages;
import io.hotpapers.scheduler.delivery.EmailChannel;
import io.hotpapers.core.text.ErrorText;
import io.hotpapers.scheduler.health.SpendMetrics;
import io.hotpapers.scheduler.jobs.IngestionJobs;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import io.hotpapers.scheduler.jobs.SchedulerStateStore;
import io.hotpapers.scheduler.site.DigestEmailHtml;
import io.hotpapers.scheduler.site.SiteGenerator;
import io.hotpapers.scheduler.site.SiteHandler;
import io.hotpapers.scheduler.site.SiteQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.text.ErrorText;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.core.watch.WatchlistDigests;
import io.hotpapers.core.watch.WatchlistStore;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.BilledDayPlanner;
import io.hotpapers.social.PostBudget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.DaemonPart;
import io.hotpapers.social.EnabledSource;
import io.hotpapers.social.SourceContext;
import io.hotpapers.social.SourceModule;
import io.hotpapers.social.SourceStatus;
import io.hotpapers.social.bluesky.BlueskyModule;
import io.hotpapers.social.hackernews.HackerNewsModule;
import io.hotpapers.social.huggingface.HuggingFaceModule;
import io.hotpapers.social.x.XModule;
import io.hotpapers.social.x.XSource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** How far back the delivery job looks for watchlist digests missing beside a daily digest. */
    static final Period WATCHLIST_CATCH_UP = Period.ofDays(7);
    private static final Duration ARXIV_CALL_TIMEOUT = Duration.ofMinutes(3);
    private final HotpapersConfig config;
    private final Clock clock;
    private final CategoryTaxonomy taxonomy;
    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Sleeper sleeper;
    private final StopSignal stopSignal;
    private final OkHttpClient arxivHttp;
    private final ArxivClient arxivClient;
    private final MailingCalendar calendar;
    /** The parent of every source's HTTP client: one dispatcher and connection pool, released at {@link #stop()}. */
    private final OkHttpClient sourceHttp;
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
    private final WatchlistDigests watchlistDigests;
    private final DeliveryService deliveries;
    private final List<Social> sources;
    private final RateLimitStore rateLimits;
    /** What status and /metrics show of each enabled source, in the configured order. */
    private final List<SourceStatus> sourceStatuses = new ArrayList<>();
    private final IngestionJobs jobs;
    private final SiteGenerator site;
    private final List<String> siteEmbedOrigins;
    /** What the migration at start did; set by {@link #start()}. */
    private volatile MigrationReport migration;

    /**
     * The registered sources: one line per network this build can read (HOTPAPERS_SOURCES enables a subset). Stored
     * posts of every registered source render in digests, enabled or not.
     */
    private static final List<SourceModule> MODULES = List.of(new XModule(), new BlueskyModule(),
            new HackerNewsModule(), new HuggingFaceModule());

    /** One enabled source: its budget, its discovery and refresh services, and the parts only a daemon runs. */
    public record Social(PostBudget budget, DiscoveryService discovery, RefreshService refresh,
                         List<DaemonPart> daemonParts) {
        public Social {
            daemonParts = List.copyOf(daemonParts);
        }

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
                .addInterceptor(RequestSpacer.afterEnd(config.arxiv().minInterval(), clock, sleeper))
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
        this.rateLimits = new RateLimitStore(database.jdbi());
        this.sourceHttp = new OkHttpClient.Builder()
                .addInterceptor(new UserAgentInterceptor(userAgent(config)))
                .addInterceptor(new ResponseSizeLimit(config.maxResponseBytes()))
                .build();
        Jdbi jdbi = database.jdbi();
        this.papers = new PaperStore(jdbi, clock);
        this.listingStore = new ListingStore(jdbi, clock);
        this.metadataAttempts = new MetadataAttemptStore(jdbi, clock);
        this.runs = new IngestRunStore(jdbi, clock, json,
                new ErrorText(config.secrets().stream().map(Secret::reveal).toList()));
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
        SourceContext context = new SourceContext(config, clock, sleeper, retrier, json, jdbi, papers, posts,
                snapshots, cursors, usage, runs, stopSignal, this::sourceHttp, metrics);
        List<Social> enabled = new ArrayList<>();
        for (String id : config.sources()) {
            SourceModule module = MODULES.stream().filter(candidate -> candidate.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no module registered for source " + id));
            EnabledSource source = module.build(context);
            sourceStatuses.add(SourceStatus.standard(id, source.budget(), runs, rateLimits));
            enabled.add(new Social(source.budget(),
                    new DiscoveryService(source.source(), papers, posts, snapshots, cursors, runs, clock, stopSignal),
                    new RefreshService(source.source(), posts, snapshots, runs, source.refreshPolicy(), clock,
                            stopSignal, source.planner()),
                    source.daemonParts()));
        }
        this.sources = List.copyOf(enabled);
        DigestStyle style = DigestStyle.of(config.digest(), config.categories(), taxonomy, enabledRenderers());
        SourceRenderers renderers = new SourceRenderers(MODULES.stream().map(SourceModule::renderer).toList(),
                config.sources());
        DigestQuery digestQuery = new DigestQuery(jdbi, papers, config.digest().scoreWeights(),
                config.bluesky().countBots());
        DigestStore digestStore = new DigestStore(jdbi, json);
        this.digests = new DigestService(digestQuery, digestStore, trends, json, style, config.digest().siteUrl(), clock,
                renderers);
        this.watchlistDigests = new WatchlistDigests(new WatchlistStore(jdbi, clock), digestQuery, digestStore, trends,
                json, style, config.digest().siteUrl(), renderers, clock);
        this.site = new SiteGenerator(new SiteQuery(jdbi, digestStore, digestQuery, trends,
                watchlistDigests.watchlists()), renderers, style,
                taxonomy::name, config.site().embedScripts(), siteUrl(config), json, stopSignal);
        this.siteEmbedOrigins = config.site().embedScripts() ? SiteGenerator.origins(MODULES.stream()
                .map(module -> module.renderer().embedScript()).toList()) : List.of();
        ErrorText errors = new ErrorText(config.secrets().stream().map(Secret::reveal).toList());
        this.deliveries = new DeliveryService(
                DeliveryChannels.configured(config.delivery(), sourceHttp.newBuilder()
                        .callTimeout(Duration.ofMinutes(1)).build(), json, clock,
                        new DigestEmailHtml(renderers, config.site().url())),
                new DeliveryStore(jdbi, clock, json),
                new DigestMessages(json, style, renderers, config.site().url(), config.digest().siteUrl(),
                        config.delivery().topPapers()),
                errors::of, RunOwner.thisProcess().host() + ":" + RunOwner.thisProcess().pid(), clock, stopSignal);
        this.jobs = new IngestionJobs(listings, backfill, sources.stream().map(Social::discovery).toList(),
                sources.stream().map(Social::refresh).toList(), digests, listingStore, metadataAttempts, runs,
                calendar, categories(), config.activeDays(), config.daemon(), config.digestDirectory(), clock,
                sleeper, stopSignal);
        jobs.afterEachDigest(this::afterDigest);
        jobs.deliverDueWith(this::deliveryRound);
        registerGauges();
        registerSourceGauges();
    }

    /**
     * After each digest the daemon writes: each watchlist's digest of the date (at the same cutoff), the web site
     * (deliveries link to it), then the digests go to the configured channels: the daily one to every channel, a
     * watchlist's to its own. A failure of one does not keep the others from running; each catches up later.
     */
    void afterDigest(Digest digest) {
        RuntimeException failure = null;
        List<WatchlistDigests.Made> watched = List.of();
        try {
            watched = watchlistDigests.writeAll(digest.mailingDate(), digest.parameters(), digest.cutoff(),
                    config.digestDirectory(), stopSignal);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            site.generate(config.siteDirectory());
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        if (!deliveries.channels().isEmpty()) {
            deliveries.enqueue(digest, "", List.of());
            watched.forEach(this::enqueueWatchlist);
            deliveries.deliverDue();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The delivery job's round: first the watchlist digests missing beside a daily digest of the last
     * {@link #WATCHLIST_CATCH_UP} are made again (written, on the site, queued), then every due delivery is sent.
     */
    void deliveryRound() {
        try {
            catchUpWatchlists();
        } catch (RuntimeException e) {
            LOG.warn("Missing watchlist digests not made this round, next round tries again: {}", e.toString());
        }
        deliveries.deliverDue();
    }

    private void catchUpWatchlists() {
        DigestParameters daily = DigestParameters.defaults(categories().configured());
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minus(WATCHLIST_CATCH_UP);
        List<WatchlistDigests.Made> made = watchlistDigests.remakeMissing(from, daily,
                date -> digests.latestCutoff(date, daily), config.digestDirectory(), stopSignal);
        if (made.isEmpty()) {
            return;
        }
        try {
            site.generate(config.siteDirectory());
        } finally {
            made.forEach(this::enqueueWatchlist);
        }
    }

    /**
     * The watchlists whose e-mail reaches nobody: they name e-mail without recipients of their own while
     * {@code HOTPAPERS_MAIL_TO} is not set (rows written before, or by another node's configuration).
     */
    public List<String> watchlistsMailingNobody() {
        DeliverySettings.Mail mail = config.delivery().mail();
        if (mail == null || mail.hasGlobalRecipients()) {
            return List.of();
        }
        return watchlistDigests.watchlists().all().stream()
                .filter(watchlist -> EmailChannel.reachesNobody(mail, watchlist.channels(), watchlist.mailTo()))
                .map(Watchlist::name).toList();
    }

    /**
     * At a daemon start, with e-mail but no {@code HOTPAPERS_MAIL_TO}: one line that the daily digest is not mailed,
     * and a warning naming the watchlists whose e-mail reaches nobody (each of their digests' e-mail deliveries is
     * stored as failed with the reason). Never stops the start.
     */
    public void reportMailRecipients() {
        DeliverySettings.Mail mail = config.delivery().mail();
        if (mail == null || mail.hasGlobalRecipients()) {
            return;
        }
        LOG.info("E-mail: HOTPAPERS_MAIL_TO is not set, so the daily digest is not e-mailed; watchlists with "
                + "recipients of their own (watch add --mail-to) are");
        try {
            List<String> nobody = watchlistsMailingNobody();
            if (!nobody.isEmpty()) {
                LOG.warn("Watchlist(s) {} name e-mail without recipients of their own and HOTPAPERS_MAIL_TO is not "
                        + "set: their e-mail is not sent (stored as failed deliveries, see `hotpapers status`); give "
                        + "them recipients (hotpapers watch add NAME ... --mail-to ADDRESSES --replace) or set "
                        + "HOTPAPERS_MAIL_TO", String.join(", ", nobody));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not check the watchlists' e-mail recipients: {}", e.toString());
        }
    }

    /** Queues a watchlist's digest for its own channels (those of them configured here); none named, nothing. */
    public Map<String, Boolean> enqueueWatchlist(WatchlistDigests.Made made) {
        List<String> channels = made.watchlist().channels();
        if (channels.isEmpty()) {
            return Map.of();
        }
        return deliveries.enqueue(made.written().digest(), made.watchlist().name(), channels,
                made.watchlist().mailTo());
    }

    /** Where the site is published: SITE_URL, else the daemon's own address. */
    static String siteUrl(HotpapersConfig config) {
        if (config.site().url() != null) {
            return config.site().url();
        }
        InetSocketAddress address = config.daemon().httpAddress();
        return address == null ? "http://127.0.0.1:9464/"
                : "http://" + address.getHostString() + ":" + address.getPort() + "/";
    }

    /** Renders the web site from the database ({@code hotpapers site}, and the daemon after each digest). */
    public SiteGenerator site() {
        return site;
    }

    /** Serves the site's directory (the daemon, {@code hotpapers serve}). */
    public SiteHandler siteHandler(Path directory) {
        return new SiteHandler(directory, siteEmbedOrigins);
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
    }

    /**
     * Each enabled source's month (requests, posts read, cap), its last success and its rate-limit windows, read from
     * the database at scrape time so every node shows the cluster's figures; NaN while the database cannot answer.
     */
    private void registerSourceGauges() {
        for (SourceStatus status : sourceStatuses) {
            Gauge.builder("hotpapers.source.requests", () -> sourceFigure(status, SourceStatus.Report::requests))
                    .description("Requests this month (UTC)").tag("source", status.source()).register(metrics);
            Gauge.builder("hotpapers.source.posts.read", () -> sourceFigure(status, SourceStatus.Report::postsRead))
                    .description("Posts read this month (UTC), the budget used").tag("source", status.source())
                    .register(metrics);
            Gauge.builder("hotpapers.source.budget.cap", () -> sourceFigure(status, SourceStatus.Report::monthlyCap))
                    .description("Posts the month allows").tag("source", status.source()).register(metrics);
            Gauge.builder("hotpapers.source.last.success", () -> sourceFigure(status,
                            report -> report.lastSuccess() == null ? 0 : report.lastSuccess().getEpochSecond()))
                    .description("Unix time of the source's last successful discovery or refresh (0: none)")
                    .tag("source", status.source()).baseUnit("seconds").register(metrics);
        }
        SpendMetrics.register(metrics, usage, sources.stream().map(Social::budget).toList());
    }

    private static double sourceFigure(SourceStatus status, java.util.function.ToLongFunction<SourceStatus.Report> figure) {
        try {
            return figure.applyAsLong(status.report());
        } catch (RuntimeException e) {
            return Double.NaN;
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

    /** The renderers of the enabled sources, in the configured order: their tags go on the digests. */
    private List<SourceRenderer> enabledRenderers() {
        return sources.stream().flatMap(social -> MODULES.stream()
                .filter(module -> module.id().equals(social.source())).map(SourceModule::renderer)).toList();
    }

    /** The digests' deliveries to e-mail, chat and webhooks. */
    public DeliveryService deliveries() {
        return deliveries;
    }

    public DigestService digests() {
        return digests;
    }

    /** The watchlists and their digests. */
    public WatchlistDigests watchlistDigests() {
        return watchlistDigests;
    }

    /**
     * A client builder for one source: hotpapers' User-Agent, the response size limit and the source's request
     * metrics, sharing the sources' dispatcher and connection pool.
     */
    private OkHttpClient.Builder sourceHttp(String source) {
        return sourceHttp.newBuilder().addInterceptor(new RequestMetrics(metrics, source));
    }

    /** The enabled sources (HOTPAPERS_SOURCES), in the configured order. */
    public List<Social> sources() {
        return sources;
    }

    /** What status and /metrics show of each enabled source, in the configured order. */
    public List<SourceStatus> sourceStatuses() {
        return List.copyOf(sourceStatuses);
    }

    /** The X source, when it is enabled (X_BEARER_TOKEN set and x among HOTPAPERS_SOURCES). */
    public Optional<Social> social() {
        return sources.stream().filter(social -> social.source().equals(XSource.NAME)).findFirst();
    }

    /** Releases the database and the HTTP clients; safe to call more than once. */
    public void stop() {
        database.stop();
        for (OkHttpClient http : List.of(arxivHttp, sourceHttp)) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
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
