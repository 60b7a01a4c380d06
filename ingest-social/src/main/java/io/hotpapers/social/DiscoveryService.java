package io.hotpapers.social;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.paper.PaperStore.ListedPaper;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.RunCounts;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the posts that link recently announced papers and stores them with a first snapshot of their metrics;
 * each paper's cursor then moves on, so the next round reads only newer posts.
 */
public final class DiscoveryService {
    public static final String JOB = "discovery";

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryService.class);
    /** Without metadata, assume submission at most a few days before the mailing; links cannot predate it. */
    private static final int DAYS_BEFORE_MAILING = 5;

    private final SocialSource source;
    private final PaperStore papers;
    private final PostStore posts;
    private final SnapshotStore snapshots;
    private final CursorStore cursors;
    private final IngestRunStore runs;
    private final Clock clock;
    private final StopSignal stop;
    private final FoundPostWriter writer;

    public DiscoveryService(SocialSource source, PaperStore papers, PostStore posts, SnapshotStore snapshots,
                            CursorStore cursors, IngestRunStore runs, Clock clock) {
        this(source, papers, posts, snapshots, cursors, runs, clock, new StopSignal());
    }

    /** With the process's stop signal: a stop ends the round after the request in flight (see PostBudget). */
    public DiscoveryService(SocialSource source, PaperStore papers, PostStore posts, SnapshotStore snapshots,
                            CursorStore cursors, IngestRunStore runs, Clock clock, StopSignal stop) {
        this.stop = stop;
        this.source = source;
        this.papers = papers;
        this.posts = posts;
        this.snapshots = snapshots;
        this.cursors = cursors;
        this.runs = runs;
        this.clock = clock;
        this.writer = new FoundPostWriter(posts, snapshots, runs);
    }

    /** The id of the source this service reads. */
    public String source() {
        return source.name();
    }

    /** What a round did. */
    public record Result(int papers, int requests, long postsRead, int postsStored, int snapshots,
                         boolean budgetExhausted, int skipped) {
    }

    /** Discovery for the papers listed in the categories during the last {@code activeDays} days. */
    public Result discoverActive(Collection<String> categories, int activeDays) {
        LocalDate today = MailingDates.today(clock);
        return discover(categories, today.minusDays(activeDays), today);
    }

    /**
     * Discovery for the papers of one backfilled mailing date, once: a date whose discovery already succeeded
     * is skipped, so a rerun backfill resumes where it stopped.
     */
    public Optional<Result> discoverOnce(Collection<String> categories, LocalDate mailingDate) {
        if (runs.isDone(JOB, scope(categories, mailingDate, mailingDate))) {
            return Optional.empty();
        }
        return Optional.of(discover(categories, mailingDate, mailingDate));
    }

    private String scope(Collection<String> categories, LocalDate from, LocalDate to) {
        return source.name() + " " + from + ".." + to + " " + categories.stream().sorted().collect(Collectors.joining(","));
    }

    /** Discovery for the papers listed in the categories on the mailing dates from {@code from} to {@code to}. */
    public Result discover(Collection<String> categories, LocalDate from, LocalDate to) {
        List<ListedPaper> listed = papers.listedPapers(categories, from, to);
        String scope = scope(categories, from, to);
        return runs.track(JOB, scope, stop, counts -> {
            counts.put("papers", listed.size());
            Result result = listed.isEmpty() ? new Result(0, 0, 0, 0, 0, false, 0)
                    : discover(listed, from, counts);
            counts.put("requests", result.requests());
            counts.put("posts_read", result.postsRead());
            counts.put("posts_stored", result.postsStored());
            counts.put("snapshots", result.snapshots());
            counts.put("skipped", result.skipped());
            if (stop.isRequested()) {
                // what was read is stored and the cursors of finished searches moved: the next round resumes
                counts.interrupted("stopped after " + result.requests() + " request(s)");
                LOG.info("Discovery {} stopped: {} request(s), {} post(s) stored", scope, result.requests(),
                        result.postsStored());
                return new Result(result.papers(), result.requests(), result.postsRead(), result.postsStored(),
                        result.snapshots(), false, result.skipped());
            }
            LOG.info("Discovery {}: {} paper(s), {} request(s), {} post(s) read, {} stored, {} skipped{}", scope,
                    result.papers(), result.requests(), result.postsRead(), result.postsStored(), result.skipped(),
                    result.budgetExhausted() ? " (monthly post budget reached)" : "");
            return result;
        });
    }

    private Result discover(List<ListedPaper> listed, LocalDate from, RunCounts counts) {
        Map<String, String> since = cursors.cursors(source.name(), listed.stream().map(ListedPaper::arxivId).toList());
        List<PaperTarget> targets = listed.stream()
                .map(paper -> new PaperTarget(paper.arxivId(), paper.latestVersion(), since.get(paper.arxivId()),
                        paper.firstMailing()))
                .toList();
        // a replacement's posts may be about version 1, posted long before this listing: count them too
        Instant notBefore = listed.stream().map(ListedPaper::submittedAt).filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(ZonedDateTime.of(from.minusDays(DAYS_BEFORE_MAILING), LocalTime.MIDNIGHT, MailingDates.ZONE)
                        .toInstant());
        SocialSource.Discovery found;
        try {
            found = source.discover(targets, notBefore);
        } catch (DiscoveryCutShortException e) {
            // what was read before the failure is kept; the run still fails, with the failure's one line
            FoundPostWriter.Stored stored = store(e.partial(), counts.runId());
            counts.put("requests", e.partial().requests());
            counts.put("posts_read", e.partial().postsRead());
            counts.put("posts_stored", stored.posts());
            counts.put("snapshots", stored.snapshots());
            counts.put("skipped", stored.skipped());
            LOG.warn("Discovery cut short after {} request(s); the {} post(s) found before were stored",
                    e.partial().requests(), stored.posts());
            throw e.failure();
        }
        FoundPostWriter.Stored stored = store(found, counts.runId());
        return new Result(listed.size(), found.requests(), found.postsRead(), stored.posts(), stored.snapshots(),
                found.budgetExhausted(), stored.skipped());
    }

    /** Stores the posts, their first snapshots and skips, then the cursors of finished searches. */
    private FoundPostWriter.Stored store(SocialSource.Discovery found, long runId) {
        FoundPostWriter.Stored stored = writer.store(source.name(), found.posts(), found.skipped(), runId);
        // cursors move only after the posts are safely stored: a crash in between re-reads, never loses
        cursors.advance(source.name(), found.cursors(), source.cursorOrder());
        return stored;
    }
}
