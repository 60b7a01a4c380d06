package io.hotpapers.social;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.post.Counts;
import io.hotpapers.core.post.PostIds;
import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.post.SnapshotStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh planning for a source that bills each post once per UTC day however often it is read that day (X on
 * pay-per-use): a post already billed today is re-read for free whenever its {@link RefreshPolicy} interval is
 * due; a post not billed today is read at most once a day, in order of expected value:
 * <ol>
 *   <li>the posts that decide the next digest: every live post of each paper of the mailing date the day's digest
 *       ranks (the date before today, UTC) that can still reach the digest's threshold by the digest time, read on
 *       the digest's own UTC day, papers with the highest known score first. A paper cannot reach it when the sum
 *       of its posts' upper bounds at the digest time (each post's latest count, growing no faster than it did
 *       since it was posted, between its last two reads, or over the six hours before its last read) plus its
 *       score from the other sources stays below the threshold. Engagement grows fastest early, so a paper
 *       skipped so does not reach the digest, and the counts of those that do are read that day. These reads may
 *       use whatever the month has left;</li>
 *   <li>then the young posts whose refresh is due (history snapshots), fastest-moving first, paid only from what
 *       the month has left beyond a reserve for its remaining discovery and digests (the month's spend at its
 *       pace so far, with a margin), spread over the days left.</li>
 * </ol>
 * The month's budget is never exceeded by plan (and never at all: every request still reserves its worst case from
 * {@link PostBudget}).
 */
public final class BilledDayPlanner implements RefreshPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(BilledDayPlanner.class);
    /** How much more than the month's pace so far its remaining days are assumed to need before history reads. */
    static final BigDecimal RESERVE_MARGIN = new BigDecimal("0.15");

    /** The papers' scores from every other source, weighted, by arXiv id (absent: none). */
    @FunctionalInterface
    public interface OtherSources {
        Map<String, Long> scores(Collection<String> arxivIds);

        /** No other source counts. */
        OtherSources NONE = arxivIds -> Map.of();

        /** The papers' latest engagement from every source but {@code source}, weighted as the digest weighs it. */
        static OtherSources of(SnapshotStore snapshots, ScoreWeights weights, String source) {
            return arxivIds -> {
                Map<String, Long> scores = new HashMap<>();
                snapshots.engagementBySource(arxivIds).forEach((paper, bySource) -> bySource.forEach((from, value) -> {
                    if (!from.equals(source)) {
                        scores.merge(paper, weights.score(from, value, 0), Counts::add);
                    }
                }));
                return scores;
            };
        }
    }

    /**
     * How far before a post's latest read the earlier reading for its growth bound is taken: over an hour the
     * counts' rounding (up to 1) weighs as much as the growth; over six it weighs a sixth.
     */
    static final Duration BASELINE_SPAN = Duration.ofHours(6);

    /** For each post id, its latest reading at or before the instant given for it (absent: none). */
    @FunctionalInterface
    public interface EarlierReadings {
        Map<String, SnapshotStore.Reading> at(Map<String, Instant> notAfter);

        /** No earlier readings known. */
        EarlierReadings NONE = notAfter -> Map.of();
    }

    private final PostBudget budget;
    private final RefreshPolicy policy;
    private final LocalTime digestTime;
    private final long minScore;
    private final BigDecimal weight;
    private final OtherSources otherSources;
    private final EarlierReadings earlier;

    /**
     * @param digestTime the UTC time the daemon makes the digest of the previous mailing date
     * @param minScore the score a paper needs to be listed in that digest
     * @param weight the weight of this source's posts in the digest's score ({@code SCORE_WEIGHTS})
     * @param otherSources the papers' weighted scores from the other sources
     * @param earlier the posts' earlier readings (their snapshot history)
     */
    public BilledDayPlanner(PostBudget budget, RefreshPolicy policy, LocalTime digestTime, long minScore,
                            BigDecimal weight, OtherSources otherSources, EarlierReadings earlier) {
        this.budget = budget;
        this.policy = policy;
        this.digestTime = digestTime;
        this.minScore = minScore;
        this.weight = weight;
        this.otherSources = otherSources;
        this.earlier = earlier;
    }

    /**
     * What the month's budget allows now.
     *
     * @param remainingMonth what is left of the month's budget
     * @param spentMonth what the month spent so far
     * @param elapsed how much of the month is gone
     * @param left how much of the month is left
     * @param postPrice the price of a post read (0: reads are free)
     */
    public record Allowance(BigDecimal remainingMonth, BigDecimal spentMonth, Duration elapsed, Duration left,
                            BigDecimal postPrice) {
        /** No budget: every read is allowed. */
        public static Allowance unlimited() {
            return new Allowance(BigDecimal.ZERO, BigDecimal.ZERO, Duration.ofDays(1), Duration.ofDays(1),
                    BigDecimal.ZERO);
        }

        /**
         * What the rest of the month is expected to need for discovery and digests: its spend so far at the same
         * pace for the time left, plus the margin; everything left in the month's first hour (no pace known yet).
         */
        public BigDecimal reserve() {
            if (elapsed.compareTo(Duration.ofHours(1)) < 0) {
                return remainingMonth;
            }
            // a day started counts whole: a digest day spends most of its reads in its first hours
            return spentMonth.multiply(BigDecimal.valueOf(daysLeft() * 86_400L))
                    .divide(BigDecimal.valueOf(elapsed.toSeconds()), 6, RoundingMode.CEILING)
                    .multiply(BigDecimal.ONE.add(RESERVE_MARGIN));
        }

        /** How many posts not billed today may be read for their history now: the surplus over the days left. */
        public long historyReads() {
            BigDecimal surplus = remainingMonth.subtract(reserve()).max(BigDecimal.ZERO);
            return reads(surplus.divide(BigDecimal.valueOf(daysLeft()), 6, RoundingMode.FLOOR));
        }

        private long daysLeft() {
            return Math.max(1, (left.toSeconds() + 86_399) / 86_400);
        }

        /** How many posts not billed today what the month has left pays for. */
        public long readsLeftThisMonth() {
            return reads(remainingMonth.max(BigDecimal.ZERO));
        }

        private long reads(BigDecimal amount) {
            if (postPrice.signum() == 0) {
                return Long.MAX_VALUE;
            }
            return amount.divide(postPrice, 0, RoundingMode.FLOOR).longValue();
        }
    }

    /** One tracked post as the planner sees it. */
    public record Candidate(RefreshCandidate post, boolean billedToday) {
    }

    /**
     * A round's plan: the posts in order; how many are paid and free; how many decide the next digest, how many of
     * those were left unread for want of budget, and how many posts of papers that cannot reach it were skipped.
     */
    public record Plan(List<String> reads, int paid, int free, int deciding, int decidingLeftUnread, int skipped) {
    }

    @Override
    public List<String> plan(List<RefreshCandidate> candidates, Instant now) {
        Set<String> billed = budget.billedToday(candidates.stream().map(RefreshCandidate::postId).toList());
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Allowance allowance = budget.remainingThisMonth()
                .map(remaining -> new Allowance(remaining, budget.spend().month(), Duration.between(monthStart, now),
                        Duration.between(now, monthEnd), budget.prices().post()))
                .orElse(Allowance.unlimited());
        Plan plan = plan(candidates.stream().map(post -> new Candidate(post, billed.contains(post.postId()))).toList(),
                allowance, now);
        LOG.info("Refresh plan for {}: {} paid read(s), {} free re-read(s) of posts billed today, {} post(s) deciding "
                        + "the next digest{}, {} post(s) of papers that cannot reach it skipped", budget.source(),
                plan.paid(), plan.free(), plan.deciding(), plan.decidingLeftUnread() > 0
                        ? " (" + plan.decidingLeftUnread() + " of them left unread: budget)" : "", plan.skipped());
        return plan.reads();
    }

    /** The plan for these candidates under this allowance at {@code now}. */
    public Plan plan(List<Candidate> candidates, Allowance allowance, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant cutoff = today.atTime(digestTime).toInstant(ZoneOffset.UTC);
        // a round at the digest time itself still reads them: the digest made then counts them as read then
        boolean beforeDigest = !now.isAfter(cutoff);
        List<Candidate> ofDigest = new ArrayList<>();
        List<Candidate> rest = new ArrayList<>();
        for (Candidate candidate : sorted(candidates)) {
            (beforeDigest && firstMailing(candidate).equals(today.minusDays(1)) ? ofDigest : rest).add(candidate);
        }
        List<Candidate> deciding = deciding(ofDigest, cutoff);
        Set<Candidate> decidingSet = new HashSet<>(deciding);
        int skipped = 0;
        for (Candidate candidate : ofDigest) {
            if (!decidingSet.contains(candidate)) {
                rest.add(candidate);
                skipped += candidate.billedToday() ? 0 : 1;
            }
        }
        long monthLeft = allowance.readsLeftThisMonth();
        List<String> reads = new ArrayList<>();
        int paid = 0;
        int free = 0;
        int decidingUnread = 0;
        // first: the posts the next digest counts, each read on the digest's own UTC day before its time
        for (Candidate candidate : deciding) {
            if (candidate.billedToday()) {
                reads.add(candidate.post().postId());
                free++;
            } else if (monthLeft > 0) {
                reads.add(candidate.post().postId());
                paid++;
                monthLeft--;
            } else {
                decidingUnread++;
            }
        }
        // then: free re-reads of posts billed today, on their schedule
        List<Candidate> unpaid = new ArrayList<>();
        for (Candidate candidate : sorted(rest)) {
            if (!isDue(candidate.post(), now)) {
                continue;
            }
            if (candidate.billedToday()) {
                reads.add(candidate.post().postId());
                free++;
            } else {
                unpaid.add(candidate);
            }
        }
        // last: one paid read each for the fastest-moving due posts, from what the month has beyond its needs
        long historyLeft = Math.min(allowance.historyReads(), monthLeft);
        for (Candidate candidate : unpaid) {
            if (historyLeft <= 0) {
                break;
            }
            reads.add(candidate.post().postId());
            paid++;
            historyLeft--;
        }
        return new Plan(reads, paid, free, deciding.size(), decidingUnread, skipped);
    }

    /**
     * The posts of the digest's date whose papers can reach the threshold by the cutoff, the papers with the
     * highest known score first (so that a short budget leaves the least likely ones unread), each post once.
     */
    private List<Candidate> deciding(List<Candidate> ofDigest, Instant cutoff) {
        if (ofDigest.isEmpty()) {
            return List.of();
        }
        Map<String, List<Candidate>> byPaper = new HashMap<>();
        List<Candidate> unknownPaper = new ArrayList<>();
        for (Candidate candidate : ofDigest) {
            if (candidate.post().papers().isEmpty()) {
                unknownPaper.add(candidate); // nothing to weigh it by: it may decide the digest
            }
            for (String paper : candidate.post().papers()) {
                byPaper.computeIfAbsent(paper, id -> new ArrayList<>()).add(candidate);
            }
        }
        Map<String, Long> others = otherSources.scores(byPaper.keySet());
        Map<String, Instant> baselineAt = new HashMap<>();
        for (Candidate candidate : ofDigest) {
            if (candidate.post().lastCapturedAt() != null) {
                baselineAt.put(candidate.post().postId(), candidate.post().lastCapturedAt().minus(BASELINE_SPAN));
            }
        }
        Map<String, SnapshotStore.Reading> baselines = earlier.at(baselineAt);
        record Reachable(String paper, long known, List<Candidate> posts) {
        }
        List<Reachable> reachable = new ArrayList<>();
        byPaper.forEach((paper, posts) -> {
            long other = others.getOrDefault(paper, 0L);
            long known = other;
            long bound = other;
            for (Candidate post : posts) {
                known = saturatedAdd(known, weighted(post.post().score()));
                bound = saturatedAdd(bound, weighted(upperBound(post.post(), baselines.get(post.post().postId()),
                        cutoff)));
            }
            if (bound >= minScore) {
                reachable.add(new Reachable(paper, known, posts));
            }
        });
        reachable.sort(Comparator.comparingLong(Reachable::known).reversed().thenComparing(Reachable::paper));
        Set<Candidate> ordered = new LinkedHashSet<>(unknownPaper);
        for (Reachable paper : reachable) {
            paper.posts().stream()
                    .sorted(Comparator.comparing((Candidate candidate) -> candidate.post().postId(), PostIds.ORDER))
                    .forEach(ordered::add);
        }
        return List.copyOf(ordered);
    }

    /**
     * The most a post's reposts + likes can be at {@code cutoff} if its growth does not speed up: engagement
     * grows fastest early, so it grows no faster than its average since it was posted, nor than between its last
     * two reads, nor than since the earlier reading {@code baseline} (if any; each plus one, for the counts'
     * rounding). Unbounded when nothing tells (never read).
     */
    static long upperBound(RefreshCandidate post, SnapshotStore.Reading baseline, Instant cutoff) {
        Instant last = post.lastCapturedAt();
        if (last == null) {
            return Long.MAX_VALUE;
        }
        if (!cutoff.isAfter(last)) {
            return post.score();
        }
        double ahead = Duration.between(last, cutoff).toSeconds();
        double bound = Double.MAX_VALUE;
        if (post.postedAt() != null && last.isAfter(post.postedAt())) {
            double age = Duration.between(post.postedAt(), last).toSeconds();
            bound = (post.score() + 1.0) * (age + ahead) / age;
        }
        Instant previous = post.previousCapturedAt();
        if (previous != null && last.isAfter(previous)) {
            double gap = Duration.between(previous, last).toSeconds();
            bound = Math.min(bound, post.score() + 1.0 + (Math.max(0, post.movement()) + 1.0) * ahead / gap);
        }
        if (baseline != null && last.isAfter(baseline.capturedAt())) {
            double span = Duration.between(baseline.capturedAt(), last).toSeconds();
            double growth = Math.max(0, post.score() - baseline.score()) + 1.0;
            bound = Math.min(bound, post.score() + 1.0 + growth * ahead / span);
        }
        return bound >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(bound);
    }

    private long weighted(long engagement) {
        if (engagement == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        BigDecimal value = weight.multiply(BigDecimal.valueOf(engagement)).setScale(0, RoundingMode.HALF_UP);
        return value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : value.longValue();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static LocalDate firstMailing(Candidate candidate) {
        return LocalDate.ofInstant(candidate.post().paperAnnouncedAt(), MailingDates.ZONE);
    }

    /** Most movement first, then the longest unread, then by id: a total order, so plans are reproducible. */
    private static List<Candidate> sorted(List<Candidate> candidates) {
        return candidates.stream()
                .sorted(Comparator.comparing((Candidate candidate) -> candidate.post().movement()).reversed()
                        .thenComparing(candidate -> candidate.post().lastCapturedAt(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(candidate -> candidate.post().postId(), PostIds.ORDER))
                .toList();
    }

    private boolean isDue(RefreshCandidate candidate, Instant now) {
        return policy.interval(Duration.between(candidate.paperAnnouncedAt(), now))
                .map(interval -> candidate.lastCapturedAt() == null
                        || !candidate.lastCapturedAt().plus(interval).isAfter(now))
                .orElse(false);
    }
}
