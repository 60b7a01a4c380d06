package io.hotpapers.scheduler.jobs;

import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.social.DiscoveryService;
import io.hotpapers.social.RefreshService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's jobs do, free of Quartz so that it can be tested directly: each method is one run of one
 * {@link Task}, idempotent, and leaves an {@code ingest_runs} row through the services it calls.
 */
public final class IngestionJobs {
    /** How long the listing job waits between two looks at a feed that still shows the previous date. */
    static final Duration LISTING_RETRY = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(IngestionJobs.class);

    private final ListingIngestService listings;
    private final BackfillService backfill;
    /** One per enabled source: each runs on its own, and one failing or out of budget never stops another. */
    private final List<DiscoveryService> discoveries;
    private final List<RefreshService> refreshes;
    private final DigestService digests;
    private final ListingStore listingStore;
    private final MetadataAttemptStore attempts;
    private final IngestRunStore runs;
    private final MailingCalendar calendar;
    private final CategorySelection categories;
    private final int activeDays;
    private final DaemonSettings settings;
    private final Path digestDirectory;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Set once the daemon stops: waits for arXiv's feed end at once. */
    /** The process's stop signal (Ctrl-C, SIGTERM, {@link #beginStop()}): checked between units of work. */
    private final StopSignal stop;
    /** The thread waiting for arXiv's feed to move, if any: the one a stop interrupts. */
    private volatile Thread waiting;
    /** Runs after each digest written (the web site's update); its failure is logged, the digest stays written. */
    private volatile Consumer<Digest> afterDigest = digest -> { };
    private volatile Runnable deliverDue = () -> { };

    public IngestionJobs(ListingIngestService listings, BackfillService backfill, List<DiscoveryService> discoveries,
                         List<RefreshService> refreshes, DigestService digests, ListingStore listingStore,
                         MetadataAttemptStore attempts, IngestRunStore runs, MailingCalendar calendar,
                         CategorySelection categories, int activeDays, DaemonSettings settings, Path digestDirectory,
                         Clock clock, Sleeper sleeper) {
        this(listings, backfill, discoveries, refreshes, digests, listingStore, attempts, runs, calendar, categories,
                activeDays, settings, digestDirectory, clock, sleeper, new StopSignal());
    }

    /** With the process's stop signal: catch-up stops between dates, no task starts once it is set. */
    public IngestionJobs(ListingIngestService listings, BackfillService backfill, List<DiscoveryService> discoveries,
                         List<RefreshService> refreshes, DigestService digests, ListingStore listingStore,
                         MetadataAttemptStore attempts, IngestRunStore runs, MailingCalendar calendar,
                         CategorySelection categories, int activeDays, DaemonSettings settings, Path digestDirectory,
                         Clock clock, Sleeper sleeper, StopSignal stop) {
        this.stop = stop;
        this.listings = listings;
        this.backfill = backfill;
        this.discoveries = List.copyOf(discoveries);
        this.refreshes = List.copyOf(refreshes);
        this.digests = digests;
        this.listingStore = listingStore;
        this.attempts = attempts;
        this.runs = runs;
        this.calendar = calendar;
        this.categories = categories;
        this.activeDays = activeDays;
        this.settings = settings;
        this.digestDirectory = digestDirectory;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** This daemon's jobs: the global ones and, for each enabled source, its discovery and refresh. */
    public List<DaemonJob> daemonJobs() {
        List<String> sources = new ArrayList<>();
        discoveries.forEach(service -> sources.add(service.source()));
        refreshes.stream().map(RefreshService::source).filter(source -> !sources.contains(source))
                .forEach(sources::add);
        return DaemonJob.all(sources);
    }

    /**
     * The latest {@code ingest_runs} row a job wrote: a source's discovery and refresh runs are those of the
     * services ({@code discovery}, {@code snapshots}) whose scope starts with the source id.
     */
    public Optional<IngestRun> lastRun(DaemonJob job) {
        return switch (job.task()) {
            case DISCOVERY -> runs.latestWithScopePrefix(DiscoveryService.JOB, job.source() + " ");
            case REFRESH -> runs.latestWithScopePrefix(RefreshService.JOB, job.source() + " ");
            case LISTING -> runs.latestWithScopePrefix(ListingIngestService.JOB, "");
            case DIGEST, CATCH_UP -> runs.latestWithScopePrefix(job.task().jobName(), "");
            case DELIVERY -> Optional.empty(); // a look for due deliveries is no run: the deliveries table keeps them
        };
    }

    /**
     * Runs one job; none once the daemon is stopping (a trigger that fires during the stop does nothing). A
     * per-source job runs its source only, so one source failing or out of budget never holds up another.
     */
    public void run(DaemonJob job) {
        if (stopping()) {
            LOG.info("Job {} not started: the daemon is stopping", job.name());
            return;
        }
        switch (job.task()) {
            case DISCOVERY -> discoverActive(ofSource(discoveries, DiscoveryService::source, job));
            case REFRESH -> ofSource(refreshes, RefreshService::source, job).refresh();
            default -> run(job.task());
        }
    }

    /** What the delivery job runs (App: send the due deliveries). */
    public void deliverDueWith(Runnable action) {
        this.deliverDue = action;
    }

    /** What to run after each digest the jobs write (App: update the web site, deliver the digest). */
    public void afterEachDigest(Consumer<Digest> action) {
        this.afterDigest = action;
    }

    /** Runs one task; a per-source task for every source in turn, each to its end whatever the others do. */
    public void run(Task task) {
        if (stopping()) {
            LOG.info("Job {} not started: the daemon is stopping", task.jobName());
            return;
        }
        switch (task) {
            case LISTING -> listing();
            case DISCOVERY -> eachSource(discoveries, DiscoveryService::source, this::discoverActive);
            case REFRESH -> eachSource(refreshes, RefreshService::source, RefreshService::refresh);
            case DIGEST -> digestOfYesterday();
            case CATCH_UP -> catchUp();
            case DELIVERY -> deliverDue.run();
        }
    }

    /** The service of the job's source; a source not enabled on this node is a configuration error of the node. */
    private static <T> T ofSource(List<T> services, java.util.function.Function<T, String> source, DaemonJob job) {
        return services.stream().filter(service -> source.apply(service).equals(job.source())).findFirst()
                .orElseThrow(() -> new IllegalStateException("job " + job.name() + ": source " + job.source()
                        + " is not enabled on this node (HOTPAPERS_SOURCES)"));
    }

    /**
     * After an announcement evening: first the metadata still owed, then the new mailing date, waiting while the
     * feed still shows the old one; the new date's papers are searched on X at once.
     */
    void listing() {
        listings.retryOwed(categories);
        LocalDate expected = MailingDates.today(clock).plusDays(1);
        if (!calendar.isMailingDate(expected)) {
            LOG.info("No arXiv announcement expected tonight (no mailing on {})", expected);
            return;
        }
        Instant deadline = clock.instant().plus(settings.listingPatience());
        while (true) {
            ListingIngestService.Result result = listings.ingestLatest(categories);
            if (!result.mailingDate().isBefore(expected)) {
                if (result.announced()) {
                    discoverNewListing(result.mailingDate());
                }
                return;
            }
            if (clock.instant().plus(LISTING_RETRY).isAfter(deadline)) {
                throw new IllegalStateException("arXiv's listing feed still shows " + result.mailingDate() + " instead of "
                        + expected + " after " + settings.listingPatience() + "; catch-up will fetch it later");
            }
            LOG.info("arXiv's listing feed still shows {}; looking again in {}", result.mailingDate(), LISTING_RETRY);
            if (!pause(LISTING_RETRY)) {
                LOG.warn("Listing of {} cut short by shutdown (arXiv's feed still showed {}); catch-up fetches it at "
                        + "the next start", expected, result.mailingDate());
                return;
            }
        }
    }

    /** A discovery round for a mailing date just stored, so its papers are searched tonight, not tomorrow. */
    private void discoverNewListing(LocalDate mailingDate) {
        for (DiscoveryService service : discoveries) {
            try {
                service.discoverOnce(categories.configured(), mailingDate);
            } catch (RuntimeException e) {
                // the listing is stored; the hourly round and catch-up search these papers again
                LOG.warn("Discovery ({}) for the new listing of {} failed: {}", service.source(), mailingDate,
                        runs.errorText().of(e));
            }
        }
    }

    /**
     * Runs the work of every source in turn, each to its end whatever the others do; a failure is logged at once
     * and the first one fails the job after all sources ran (the others' runs are recorded each on its own).
     */
    private <T> void eachSource(List<T> services, java.util.function.Function<T, String> source,
                                java.util.function.Consumer<T> work) {
        RuntimeException first = null;
        for (T service : services) {
            if (stopping()) {
                break;
            }
            try {
                work.accept(service);
            } catch (RuntimeException e) {
                LOG.warn("Source {} failed; the other sources go on: {}", source.apply(service),
                        runs.errorText().of(e));
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Discovery over the active window, up to the newest mailing date already ingested: after the evening
     * announcement that is tomorrow's (US Eastern), not today's.
     */
    private void discoverActive(DiscoveryService service) {
        LocalDate today = MailingDates.today(clock);
        LocalDate newest = listingStore.newestMailingDate(categories.configured()).filter(today::isBefore).orElse(today);
        service.discover(categories.configured(), today.minusDays(activeDays), newest);
    }

    /**
     * The daemon is stopping: no task starts any more, catch-up ends after its current date, and a wait for
     * arXiv's feed ends at once.
     */
    public void beginStop() {
        // first cause wins: after a signal this keeps its exit code; a daemon stop alone exits as SIGTERM would
        stop.request("daemon stop", 143);
        Thread thread = waiting;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private boolean stopping() {
        return stop.isRequested();
    }

    /** The digest of the mailing date before today (UTC), once it is due, after a last try for owed metadata. */
    void digestOfYesterday() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        if (calendar.isMailingDate(date)) {
            listings.retryOwed(categories);
            writeDigest(date);
        }
    }

    /**
     * Brings the database up to date after downtime: first the metadata still owed, then every mailing date of
     * the window (at most {@code HOTPAPERS_CATCHUP_DAYS}) whose listing, metadata, discovery or digest is missing
     * or failed, whether or not a later date is stored. Checkpoints make each happen once, whichever node runs it.
     */
    void catchUp() {
        runs.track(Task.CATCH_UP.jobName(), clock.instant().toString(), counts -> {
            int dates = catchUpDates();
            counts.put("mailing_dates", dates);
            if (stopping()) {
                counts.interrupted("stopped after " + dates + " date(s)");
                LOG.info("Catch-up stopped after {} mailing date(s); the next start resumes it", dates);
            }
            return dates;
        });
    }

    private int catchUpDates() {
        listings.retryOwed(categories);
        List<LocalDate> window = catchUpWindow(latestAnnounced());
        Instant started = clock.instant();
        int redone = 0;
        List<String> failures = new ArrayList<>();
        for (int index = 0; index < window.size() && !stopping(); index++) {
            LocalDate date = window.get(index);
            try {
                redone += catchUp(date) ? 1 : 0;
            } catch (RuntimeException e) {
                // one date's failure is recorded in its own run; the other dates still get their turn
                failures.add(date + ": " + runs.errorText().of(e));
                LOG.warn("Catch-up of {} failed: {}", date, runs.errorText().of(e));
            }
            Duration elapsed = Duration.between(started, clock.instant());
            LOG.info("Catch-up {} done ({}/{} dates, ETA {})", date, index + 1, window.size(),
                    hours(elapsed.multipliedBy(window.size() - index - 1).dividedBy(index + 1)));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("catch-up failed for " + failures.size() + " of " + window.size()
                    + " mailing date(s), redone at the next catch-up: " + String.join("; ", failures));
        }
        return redone;
    }

    /**
     * The mailing dates catch-up looks at: the last {@code HOTPAPERS_CATCHUP_DAYS} up to the latest announced, none
     * before hotpapers' first stored listing (a fresh install starts with tonight's). A longer gap is said once,
     * with the backfill command for the rest.
     */
    List<LocalDate> catchUpWindow(LocalDate latest) {
        Optional<LocalDate> newest = listingStore.newestMailingDate(categories.configured());
        Optional<LocalDate> oldest = listingStore.oldestMailingDate(categories.configured());
        if (newest.isEmpty() || oldest.isEmpty()) {
            return List.of(latest);
        }
        int size = settings.catchUpDays();
        // mailings are at least three days a week: this span always holds the window
        List<LocalDate> recent = calendar.mailingDates(latest.minusDays(3L * size + 14), latest);
        List<LocalDate> window = recent.subList(Math.max(0, recent.size() - size), recent.size()).stream()
                .filter(date -> !date.isBefore(oldest.get()))
                .toList();
        if (window.isEmpty()) {
            return List.of(latest);
        }
        List<LocalDate> rest = calendar.mailingDates(newest.get().plusDays(1), window.get(0).minusDays(1));
        if (!rest.isEmpty()) {
            LOG.warn("Catch-up: {} mailing date(s) missing since {}; catching up only the last {} ({} to {}, "
                            + "HOTPAPERS_CATCHUP_DAYS={}); for the other {} run: hotpapers backfill --from {} --to {}",
                    calendar.mailingDates(newest.get().plusDays(1), latest).size(), newest.get(), window.size(),
                    window.get(0), latest, size,
                    rest.size(), rest.get(0), rest.get(rest.size() - 1));
        }
        return window;
    }

    /** Redoes what is missing or failed for one date; returns whether there was anything to do. */
    private boolean catchUp(LocalDate date) {
        boolean work = false;
        if (!listingDone(date)) {
            LOG.info("Catching up on mailing date {}: listing or metadata missing", date);
            work = true;
            if (backfill.backfill(date, date, categories, (result, done, total, elapsed) -> { }).interrupted()) {
                return work; // stopped between pages: nothing more for this date
            }
        }
        if (stopping()) {
            return work; // the rest of this date waits for the next catch-up
        }
        boolean listed = listingStore.hasListings(date, categories.configured());
        if (listed) {
            boolean[] searched = {false};
            eachSource(discoveries, DiscoveryService::source,
                    service -> searched[0] |= service.discoverOnce(categories.configured(), date).isPresent());
            work |= searched[0];
        }
        // only dates hotpapers ingested: a fresh install does not write empty digests for days before it
        if (listed && isDigestDue(date) && !digests.hasDigest(date)) {
            writeDigest(date);
            work = true;
        }
        return work;
    }

    /**
     * Whether a date's listing and metadata are in: its listing or backfill run succeeded, or its listings are
     * stored and none of them still owes metadata (a listing run that failed only at the metadata, since fetched).
     */
    private boolean listingDone(LocalDate date) {
        String scope = date + " " + categories.key();
        if (runs.isDone(ListingIngestService.JOB, scope) || runs.isDone(BackfillService.JOB, scope)) {
            return true;
        }
        return listingStore.hasListings(date, categories.configured())
                && attempts.owedOn(date, categories.configured()) == 0;
    }

    private static String hours(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

    /** The newest mailing date whose announcement (20:00 US Eastern the evening before) has happened. */
    public LocalDate latestAnnounced() {
        Instant now = clock.instant();
        LocalDate candidate = MailingDates.today(clock).plusDays(1);
        while (!calendar.isMailingDate(candidate)
                || ZonedDateTime.of(candidate.minusDays(1), MailingCalendar.ANNOUNCEMENT, MailingDates.ZONE).toInstant()
                        .isAfter(now)) {
            candidate = candidate.minusDays(1);
        }
        return candidate;
    }

    private boolean isDigestDue(LocalDate date) {
        return !date.plusDays(1).atTime(settings.digestTime()).toInstant(ZoneOffset.UTC).isAfter(clock.instant());
    }

    private void writeDigest(LocalDate date) {
        DigestService.Written written = runs.track(Task.DIGEST.jobName(), date.toString(), counts -> {
            DigestService.Written files = digests.write(date, DigestParameters.defaults(categories.configured()), null,
                    EnumSet.allOf(DigestFormat.class), digestDirectory);
            counts.put("papers", files.digest().entries().size());
            counts.put("files", files.files().size());
            return files;
        });
        LOG.info("Digest of {} written: {} paper(s)", date, written.digest().entries().size());
        try {
            afterDigest.accept(written.digest());
        } catch (RuntimeException e) {
            // the digest is written and stored: what follows it (site, deliveries) catches up on its next run
            LOG.warn("The digest of {} is written, but what follows it failed: {}", date, runs.errorText().of(e));
        }
    }

    /** Waits unless the daemon stops; returns false when a stop ended (or forbade) the wait. */
    private boolean pause(Duration duration) {
        waiting = Thread.currentThread();
        try {
            if (stopping()) {
                return false;
            }
            sleeper.sleep(duration);
            return !stopping();
        } catch (InterruptedException e) {
            if (stopping()) {
                return false; // the interrupt was the stop's own: handled here, so the thread goes back clean
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for arXiv's listing feed", e);
        } finally {
            waiting = null;
        }
    }
}
