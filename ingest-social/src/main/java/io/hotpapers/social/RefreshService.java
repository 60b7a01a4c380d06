package io.hotpapers.social;

import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.post.PostIds;
import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.PostStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the metrics of tracked posts whose refresh is due under the {@link RefreshPolicy}, the ones that
 * moved most first (so a short budget goes where counts change), and marks posts the network reports gone. A
 * source billed per post and day plans its rounds with its own {@link RefreshPlanner} instead.
 */
public final class RefreshService {
    public static final String JOB = "snapshots";

    private static final Logger LOG = LoggerFactory.getLogger(RefreshService.class);

    private final SocialSource source;
    private final PostStore posts;
    private final SnapshotStore snapshots;
    private final IngestRunStore runs;
    private final RefreshPolicy policy;
    private final Clock clock;
    private final StopSignal stop;
    private final RefreshPlanner planner;

    public RefreshService(SocialSource source, PostStore posts, SnapshotStore snapshots, IngestRunStore runs,
                          RefreshPolicy policy, Clock clock) {
        this(source, posts, snapshots, runs, policy, clock, new StopSignal());
    }

    /** With the process's stop signal: a stop ends the round after the batch in flight (see PostBudget). */
    public RefreshService(SocialSource source, PostStore posts, SnapshotStore snapshots, IngestRunStore runs,
                          RefreshPolicy policy, Clock clock, StopSignal stop) {
        this(source, posts, snapshots, runs, policy, clock, stop, null);
    }

    /** With a planner that chooses each round's posts (e.g. {@link BilledDayPlanner}); {@code null}: the policy's. */
    public RefreshService(SocialSource source, PostStore posts, SnapshotStore snapshots, IngestRunStore runs,
                          RefreshPolicy policy, Clock clock, StopSignal stop, RefreshPlanner planner) {
        this.planner = planner;
        this.stop = stop;
        this.source = source;
        this.posts = posts;
        this.snapshots = snapshots;
        this.runs = runs;
        this.policy = policy;
        this.clock = clock;
    }

    /** The id of the source this service reads. */
    public String source() {
        return source.name();
    }

    /** What a round did. */
    public record Result(int due, int requests, long postsRead, int snapshots, int gone, boolean budgetExhausted) {
    }

    /** The posts to read now, in the order the planner gives (by default: due by the policy, most-moving first). */
    public List<String> due() {
        Instant now = clock.instant();
        if (planner != null) {
            // the planner weighs every tracked post of the window, due or not (a post billed today reads free)
            return planner.plan(snapshots.refreshCandidates(source.name(), now.minus(policy.horizon())), now);
        }
        return snapshots.dueForRefresh(source.name(), policy, now).stream()
                .filter(candidate -> isDue(candidate, now))
                .sorted(Comparator.comparingLong(RefreshCandidate::movement).reversed()
                        .thenComparing(RefreshCandidate::lastCapturedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(RefreshCandidate::postId, PostIds.ORDER))
                .map(RefreshCandidate::postId)
                .toList();
    }

    private boolean isDue(RefreshCandidate candidate, Instant now) {
        Optional<Duration> interval = policy.interval(Duration.between(candidate.paperAnnouncedAt(), now));
        return interval.isPresent() && (candidate.lastCapturedAt() == null
                || !candidate.lastCapturedAt().plus(interval.get()).isAfter(now));
    }

    /** One refresh round. */
    public Result refresh() {
        return runs.track(JOB, source.name() + " " + clock.instant(), stop, counts -> {
            List<String> due = due();
            counts.put("due", due.size());
            SocialSource.Refresh read = due.isEmpty() ? new SocialSource.Refresh(List.of(), Set.of(), 0, 0, false, List.of())
                    : source.refresh(due);
            // a source answers for its own posts only: anything else it sends is skipped, with the reason
            List<Skip> skipped = new ArrayList<>(read.skipped());
            read.snapshots().stream().filter(snapshot -> !snapshot.source().equals(source.name()))
                    .forEach(snapshot -> skipped.add(new Skip(snapshot.source() + " post " + snapshot.postId(),
                            "sent by source " + source.name())));
            int appended = snapshots.append(read.snapshots().stream()
                    .filter(snapshot -> snapshot.source().equals(source.name())).toList());
            Instant now = clock.instant();
            read.gone().forEach(id -> posts.markGone(source.name(), id, now));
            runs.recordSkips(counts.runId(), skipped);
            counts.put("requests", read.requests());
            counts.put("posts_read", read.postsRead());
            counts.put("snapshots", appended);
            counts.put("gone", read.gone().size());
            counts.put("skipped", skipped.size());
            if (stop.isRequested()) {
                counts.interrupted("stopped after " + read.requests() + " request(s)");
                LOG.info("Refresh stopped: {} request(s), {} snapshot(s)", read.requests(), appended);
                return new Result(due.size(), read.requests(), read.postsRead(), appended, read.gone().size(), false);
            }
            LOG.info("Refresh: {} due, {} request(s), {} snapshot(s), {} gone, {} skipped{}", due.size(), read.requests(),
                    appended, read.gone().size(), skipped.size(),
                    read.budgetExhausted() ? " (monthly post budget reached)" : "");
            return new Result(due.size(), read.requests(), read.postsRead(), appended, read.gone().size(),
                    read.budgetExhausted());
        });
    }
}
