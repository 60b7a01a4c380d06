package io.hotpapers.scheduler.jobs;

import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.arxiv.CategorySelection;
import io.hotpapers.arxiv.ListingIngestService;
import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
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
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's jobs do, free of Quartz so that it can be tested directly: each method is one run of one
 * {@link Task}, idempotent, and leaves an {@code ingest_runs} row through the services it calls.
 */
public final class IngestionJobs {
    /** How long the listing job waits between two looks at a feed that still shows the previous date. */
    static final Duration LISTING_RETRY = Duration.ofMinutes(5);
    /** The longest a wait goes without looking for a stop request: a stopping daemon waits at most this. */
    static final Duration STOP_CHECK = Duration.ofSeconds(1);
    /** How far back catch-up looks for digests that are due but missing. */
    private static final int DIGEST_CATCH_UP_DAYS = 7;

    private static final Logger LOG = LoggerFactory.getLogger(IngestionJobs.class);

    private final ListingIngestService listings;
    private final BackfillService backfill;
    private final Optional<DiscoveryService> discovery;
    private final Optional<RefreshService> refresh;
    private final DigestService digests;
    private final PaperStore papers;
    private final IngestRunStore runs;
    private final MailingCalendar calendar;
    private final CategorySelection categories;
    private final int activeDays;
    private final DaemonSettings settings;
    private final Path digestDirectory;
    private final Clock clock;
    private final Sleeper sleeper;
    private final StopSignal stop;

    public IngestionJobs(ListingIngestService listings, BackfillService backfill, Optional<DiscoveryService> discovery,
                         Optional<RefreshService> refresh, DigestService digests, PaperStore papers,
                         IngestRunStore runs, MailingCalendar calendar, CategorySelection categories, int activeDays,
                         DaemonSettings settings, Path digestDirectory, Clock clock, Sleeper sleeper) {
        this(listings, backfill, discovery, refresh, digests, papers, runs, calendar, categories, activeDays, settings,
                digestDirectory, clock, sleeper, new StopSignal());
    }

    /** With the process's stop signal: catch-up stops between dates, the listing job's feed wait at once. */
    public IngestionJobs(ListingIngestService listings, BackfillService backfill, Optional<DiscoveryService> discovery,
                         Optional<RefreshService> refresh, DigestService digests, PaperStore papers,
                         IngestRunStore runs, MailingCalendar calendar, CategorySelection categories, int activeDays,
                         DaemonSettings settings, Path digestDirectory, Clock clock, Sleeper sleeper, StopSignal stop) {
        this.stop = stop;
        this.listings = listings;
        this.backfill = backfill;
        this.discovery = discovery;
        this.refresh = refresh;
        this.digests = digests;
        this.papers = papers;
        this.runs = runs;
        this.calendar = calendar;
        this.categories = categories;
        this.activeDays = activeDays;
        this.settings = settings;
        this.digestDirectory = digestDirectory;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs one task. */
    public void run(Task task) {
        switch (task) {
            case LISTING -> listing();
            case DISCOVERY -> discovery.ifPresent(service -> service.discoverActive(categories.configured(), activeDays));
            case SNAPSHOTS -> refresh.ifPresent(RefreshService::refresh);
            case DIGEST -> digestOfYesterday();
            case CATCH_UP -> catchUp();
        }
    }

    /** After an announcement evening: ingest the new mailing date, waiting while the feed still shows the old one. */
    void listing() {
        LocalDate expected = MailingDates.today(clock).plusDays(1);
        if (!calendar.isMailingDate(expected)) {
            LOG.info("No arXiv announcement expected tonight (no mailing on {})", expected);
            return;
        }
        Instant deadline = clock.instant().plus(settings.listingPatience());
        while (true) {
            ListingIngestService.Result result = listings.ingestLatest(categories);
            if (!result.mailingDate().isBefore(expected)) {
                return;
            }
            if (clock.instant().plus(LISTING_RETRY).isAfter(deadline)) {
                throw new IllegalStateException("arXiv's listing feed still shows " + result.mailingDate() + " instead of "
                        + expected + " after " + settings.listingPatience() + "; catch-up will fetch it later");
            }
            LOG.info("arXiv's listing feed still shows {}; looking again in {}", result.mailingDate(), LISTING_RETRY);
            if (!pause(LISTING_RETRY)) {
                LOG.info("Listing of {} cut short by the stop; catch-up fetches it at the next start", expected);
                return;
            }
        }
    }

    /** The digest of the mailing date before today (UTC), once it is due. */
    void digestOfYesterday() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        if (calendar.isMailingDate(date)) {
            writeDigest(date);
        }
    }

    /**
     * Brings the database up to date after downtime: every mailing date announced since the newest one stored gets
     * its listing and metadata (by backfill), its discovery and, once due, its digest. Checkpoints make each
     * happen exactly once, whichever node runs it.
     */
    void catchUp() {
        long runId = runs.start(Task.CATCH_UP.jobName(), clock.instant().toString());
        try {
            int dates = catchUpDates();
            if (stop.isRequested()) {
                runs.interrupt(runId, Map.of("mailing_dates", (long) dates), "stopped after " + dates + " date(s)");
                LOG.info("Catch-up stopped after {} mailing date(s); the next start resumes it", dates);
                return;
            }
            runs.succeed(runId, Map.of("mailing_dates", (long) dates));
        } catch (RuntimeException e) {
            runs.fail(runId, Map.of(), e.getMessage());
            throw e;
        }
    }

    private int catchUpDates() {
        int caughtUp = 0;
        LocalDate latest = latestAnnounced();
        LocalDate newestStored = papers.newestMailingDate(categories.configured()).orElse(latest.minusDays(1));
        for (LocalDate date : calendar.mailingDates(newestStored.plusDays(1), latest)) {
            if (stop.isRequested()) {
                return caughtUp; // no new date after "Stopping"
            }
            LOG.info("Catching up on mailing date {}", date);
            if (backfill.backfill(date, date, categories, (result, done, total, elapsed) -> { }).interrupted()) {
                return caughtUp;
            }
            discovery.ifPresent(service -> service.discoverOnce(categories.configured(), date));
            caughtUp++;
        }
        for (LocalDate date : calendar.mailingDates(latest.minusDays(DIGEST_CATCH_UP_DAYS), latest)) {
            if (stop.isRequested()) {
                return caughtUp;
            }
            // only dates hotpapers ingested: a fresh install does not write empty digests for days before it
            if (isDigestDue(date) && !digests.hasDigest(date)
                    && !papers.listedPapers(categories.configured(), date, date).isEmpty()) {
                writeDigest(date);
            }
        }
        return caughtUp;
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
        long runId = runs.start(Task.DIGEST.jobName(), date.toString());
        try {
            DigestService.Written written = digests.write(date, DigestParameters.defaults(categories.configured()), null,
                    EnumSet.allOf(DigestFormat.class), digestDirectory);
            runs.succeed(runId, Map.of("papers", (long) written.digest().entries().size(),
                    "files", (long) written.files().size()));
            LOG.info("Digest of {} written: {} paper(s)", date, written.digest().entries().size());
        } catch (RuntimeException e) {
            runs.fail(runId, Map.of(), e.getMessage());
            throw e;
        }
    }

    /** Waits in slices of {@link #STOP_CHECK}; returns false, at once, when a stop is requested. */
    private boolean pause(Duration duration) {
        try {
            for (Duration left = duration; !left.isNegative() && !left.isZero(); left = left.minus(STOP_CHECK)) {
                if (stop.isRequested()) {
                    return false;
                }
                sleeper.sleep(left.compareTo(STOP_CHECK) < 0 ? left : STOP_CHECK);
            }
            return !stop.isRequested();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for arXiv's listing feed", e);
        }
    }
}
