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
import io.hotpapers.core.http.RequestSpacer;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.http.UserAgentInterceptor;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.IngestRunStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The composition root: builds every hotpapers part from the validated configuration, by constructor.
 *
 * <p>{@link #start()} brings the database up, applies pending migrations and wires the services that need
 * it; {@link #stop()} releases everything.
 */
public final class App {
    private final HotpapersConfig config;
    private final Clock clock;
    private final CategoryTaxonomy taxonomy;
    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient arxivHttp;
    private final ArxivClient arxivClient;
    private final MailingCalendar calendar;
    private MigrationReport migration;
    private BackfillService backfill;
    private ListingIngestService listings;

    public App(HotpapersConfig config, Clock clock, Sleeper sleeper, CategoryTaxonomy taxonomy) {
        this.config = config;
        this.clock = clock;
        this.taxonomy = taxonomy;
        this.database = new Database(config.database());
        // one spacer for every arXiv endpoint: the query API, listing feeds and OAI-PMH share arXiv's limit
        this.arxivHttp = new OkHttpClient.Builder()
                .addInterceptor(new UserAgentInterceptor(userAgent(config)))
                .addInterceptor(new RequestSpacer(config.arxiv().minInterval(), clock, sleeper))
                .connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(20))
                .readTimeout(Duration.ofSeconds(90))
                .callTimeout(Duration.ofMinutes(3))
                .build();
        Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, sleeper, new SecureRandom());
        this.arxivClient = new ArxivClient(config.arxiv().apiUrl(), config.arxiv().rssUrl(), arxivHttp, clock, retrier);
        this.calendar = MailingCalendar.withShippedHolidays(config.arxiv().extraHolidays());
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
        PaperStore papers = new PaperStore(database.jdbi(), clock);
        IngestRunStore runs = new IngestRunStore(database.jdbi(), clock, json);
        backfill = new BackfillService(arxivClient, calendar, papers, runs, clock, ArxivClient.MAX_PAGE_SIZE);
        listings = new ListingIngestService(arxivClient, papers, runs,
                new MetadataFetcher(arxivClient, papers, ArxivClient.MAX_PAGE_SIZE));
    }

    public void stop() {
        database.stop();
        arxivHttp.dispatcher().executorService().shutdown();
        arxivHttp.connectionPool().evictAll();
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
