package io.hotpapers.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.arxiv.MetadataFetcher;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunStatus;
import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.RefreshService;
import io.hotpapers.social.SocialSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Jobs run per source: one source failing never stops another, and each source's run is recorded on its own. */
class SourceIsolationTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final DaemonSettings SETTINGS = new DaemonSettings(LocalTime.of(20, 5), Duration.ofHours(3),
            LocalTime.of(9, 0), Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofSeconds(5),
            Duration.ofSeconds(1), null);

    @TempDir
    Path digestDirectory;

    private final MutableClock clock = MutableClock.at("2021-05-11T12:00:00Z");
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private IngestRunStore runs;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
    }

    /** A source whose network is down: every call fails. */
    private SocialSource broken(String name) {
        return new StubSource(name) {
            @Override
            public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
                asked.add(name + " discover");
                throw new IllegalStateException(name + " is down");
            }

            @Override
            public Refresh refresh(List<String> postIds) {
                asked.add(name + " refresh");
                throw new IllegalStateException(name + " is down");
            }
        };
    }

    private SocialSource steady(String name) {
        return new StubSource(name);
    }

    /** A source that answers, finding nothing. */
    private class StubSource implements SocialSource {
        private final String name;

        StubSource(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Comparator<String> cursorOrder() {
            return Comparator.naturalOrder();
        }

        @Override
        public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
            asked.add(name + " discover");
            return new Discovery(List.of(), Map.of(), 1, 0, false, List.of());
        }

        @Override
        public Refresh refresh(List<String> postIds) {
            asked.add(name + " refresh");
            return new Refresh(List.of(), java.util.Set.of(), 0, 0, false, List.of());
        }
    }

    private IngestionJobs jobs(List<SocialSource> sources) {
        FakeSleeper sleeper = new FakeSleeper(clock);
        HttpUrl nowhere = HttpUrl.get("http://127.0.0.1:9/");
        ArxivClient client = new ArxivClient(nowhere, nowhere, new OkHttpClient(), clock,
                new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(1)));
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        ListingStore listings = new ListingStore(postgres.jdbi(), clock);
        MetadataAttemptStore attempts = new MetadataAttemptStore(postgres.jdbi(), clock);
        listings.record(List.of(new Listing(LocalDate.parse("2021-05-11"), "cs.LG", "2105.04026", AnnounceType.NEW)));
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
        PostStore posts = new PostStore(postgres.jdbi(), clock);
        SnapshotStore snapshots = new SnapshotStore(postgres.jdbi());
        CursorStore cursors = new CursorStore(postgres.jdbi(), clock);
        MailingCalendar calendar = new MailingCalendar(List.of());
        DigestService digests = new DigestService(new DigestQuery(postgres.jdbi(), papers),
                new DigestStore(postgres.jdbi(), new ObjectMapper()), new TrendsQuery(postgres.jdbi()),
                new ObjectMapper(), new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/x.jpg"), null, clock);
        return new IngestionJobs(new ListingIngestService(client, papers, listings, attempts, runs,
                        new MetadataFetcher(client, papers, 2000)),
                new BackfillService(client, calendar, listings, runs, clock, 2000),
                sources.stream().map(source -> new DiscoveryService(source, papers, posts, snapshots, cursors, runs,
                        clock)).toList(),
                sources.stream().map(source -> new RefreshService(source, posts, snapshots, runs,
                        RefreshPolicy.standard(), clock)).toList(),
                digests, listings, attempts, runs, calendar, new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load()), 7,
                SETTINGS, digestDirectory, clock, sleeper);
    }

    @Test
    void aFailingSourceFailsTheJobButEverySourceRunsAndIsRecordedOnItsOwn() {
        IngestionJobs jobs = jobs(List.of(broken("alpha"), steady("beta")));

        assertThatThrownBy(() -> jobs.run(Task.DISCOVERY)).hasMessage("alpha is down");

        assertThat(asked).containsExactly("alpha discover", "beta discover");
        assertThat(runs.recent(10)).extracting(run -> run.scope().split(" ")[0] + " " + run.status())
                .containsExactlyInAnyOrder("alpha " + RunStatus.FAILED, "beta " + RunStatus.SUCCEEDED);
        assertThat(runs.recent(10)).filteredOn(run -> run.status() == RunStatus.FAILED)
                .extracting(IngestRun::error).containsExactly("alpha is down");
    }

    @Test
    void theSecondSourceFailingDoesNotUndoTheFirst() {
        IngestionJobs jobs = jobs(List.of(steady("alpha"), broken("beta")));

        assertThatThrownBy(() -> jobs.run(Task.DISCOVERY)).hasMessage("beta is down");

        assertThat(asked).containsExactly("alpha discover", "beta discover");
        assertThat(runs.recent(10)).extracting(run -> run.scope().split(" ")[0] + " " + run.status())
                .containsExactlyInAnyOrder("alpha " + RunStatus.SUCCEEDED, "beta " + RunStatus.FAILED);
    }

    @Test
    void eachSourcesJobRunsItsSourceOnlyAndShowsItsOwnLastRun() {
        IngestionJobs jobs = jobs(List.of(broken("alpha"), steady("beta")));

        assertThat(jobs.daemonJobs()).extracting(DaemonJob::name).containsExactly("listing", "discovery:alpha",
                "discovery:beta", "refresh:alpha", "refresh:beta", "digest", "catch-up", "delivery");
        assertThatThrownBy(() -> jobs.run(DaemonJob.discovery("alpha"))).hasMessage("alpha is down");
        jobs.run(DaemonJob.discovery("beta"));
        jobs.run(DaemonJob.refresh("beta"));

        assertThat(asked).containsExactly("alpha discover", "beta discover");
        assertThat(jobs.lastRun(DaemonJob.discovery("alpha"))).get().extracting(IngestRun::status)
                .isEqualTo(RunStatus.FAILED);
        assertThat(jobs.lastRun(DaemonJob.discovery("beta"))).get().extracting(IngestRun::status)
                .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(jobs.lastRun(DaemonJob.refresh("beta"))).get().extracting(IngestRun::job).isEqualTo("snapshots");
        assertThat(jobs.lastRun(DaemonJob.refresh("alpha"))).isEmpty();
        assertThatThrownBy(() -> jobs.run(DaemonJob.discovery("gamma")))
                .hasMessageContaining("source gamma is not enabled on this node");
    }
}
