package io.hotpapers.social;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.post.PostIds;
import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.UsageStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh planning for a source that bills each post once per UTC day however often it is read that day (X on
 * pay-per-use): a post already billed today is re-read for free whenever its {@link RefreshPolicy} interval is
 * due; a post not billed today is read at most once a day, in order of expected value:
 * <ol>
 *   <li>the posts that decide the next digest: every live post of the papers of the mailing date the day's
 *       digest ranks (the date before today, UTC), until the digest time, so that its counts are of that day.
 *       These are what the budget is for: they may use whatever the month has left;</li>
 *   <li>then the young posts whose refresh is due, those that moved most since their previous read first, paid
 *       from today's share of the month's remaining budget (what is left, spread evenly over the days left,
 *       today included) less what the digest's reads took.</li>
 * </ol>
 * A day that spent less than its share leaves more for the days after; one that spent more (discovery also
 * spends) leaves them less, so the month's budget is never exceeded by plan (and never at all: every request
 * still reserves its worst case from {@link PostBudget}).
 */
public final class BilledDayPlanner implements RefreshPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(BilledDayPlanner.class);
    /** The part of a day's share that history snapshots (reads of posts no digest counts yet) may take. */
    static final BigDecimal HISTORY_SHARE = new BigDecimal("0.1");

    private final PostBudget budget;
    private final RefreshPolicy policy;
    private final LocalTime digestTime;

    /** @param digestTime the UTC time the daemon makes the digest of the previous mailing date */
    public BilledDayPlanner(PostBudget budget, RefreshPolicy policy, LocalTime digestTime) {
        this.budget = budget;
        this.policy = policy;
        this.digestTime = digestTime;
    }

    /** What today's budget allows: paid reads and the share they come from. */
    public record Allowance(BigDecimal remainingMonth, BigDecimal spentToday, int daysLeft, BigDecimal postPrice) {
        /** Today's share of what the month has left, minus what today already spent. */
        public BigDecimal todaysShare() {
            BigDecimal share = remainingMonth.add(spentToday)
                    .divide(BigDecimal.valueOf(Math.max(1, daysLeft)), 6, RoundingMode.FLOOR)
                    .subtract(spentToday);
            return share.max(BigDecimal.ZERO).min(remainingMonth.max(BigDecimal.ZERO));
        }

        /**
         * How many posts not billed today may be read for their history: a tenth of today's share, the rest being
         * kept for discovery and the digests to come (which cannot be planned ahead: new posts appear all day).
         */
        public long paidReads() {
            return reads(todaysShare().multiply(HISTORY_SHARE));
        }

        /** How many posts not billed today what the month has left pays for. */
        public long paidReadsLeftThisMonth() {
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

    /** A round's plan: the posts in order, and how many are paid, free, and digest-deciding. */
    public record Plan(List<String> reads, int paid, int free, int deciding, int decidingLeftUnread) {
    }

    @Override
    public List<String> plan(List<RefreshCandidate> candidates, Instant now) {
        Set<String> billed = budget.billedToday(candidates.stream().map(RefreshCandidate::postId).toList());
        LocalDate today = budget.today();
        UsageStore.Spend spend = budget.spend();
        BigDecimal remaining = budget.remainingThisMonth().orElse(null);
        Allowance allowance = remaining == null
                ? new Allowance(BigDecimal.ZERO, BigDecimal.ZERO, 1, BigDecimal.ZERO)
                : new Allowance(remaining, spend.today(), today.lengthOfMonth() - today.getDayOfMonth() + 1,
                        budget.prices().post());
        Plan plan = plan(candidates.stream().map(post -> new Candidate(post, billed.contains(post.postId()))).toList(),
                allowance, now);
        LOG.info("Refresh plan for {}: {} paid read(s) (today's share {}), {} free re-read(s) of posts billed today, "
                        + "{} post(s) deciding the next digest{}", budget.source(), plan.paid(),
                allowance.todaysShare().setScale(2, RoundingMode.FLOOR), plan.free(), plan.deciding(),
                plan.decidingLeftUnread() > 0 ? " (" + plan.decidingLeftUnread() + " of them left unread: budget)" : "");
        return plan.reads();
    }

    /** The plan for these candidates under this allowance at {@code now}; pure. */
    public Plan plan(List<Candidate> candidates, Allowance allowance, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate digestDate = today.minusDays(1);
        // a round at the digest time itself still reads them: the digest made then counts them as read then
        boolean beforeDigest = !now.isAfter(today.atTime(digestTime).toInstant(ZoneOffset.UTC));
        long monthLeft = allowance.paidReadsLeftThisMonth();
        long shareLeft = allowance.paidReads();
        List<String> reads = new ArrayList<>();
        int paid = 0;
        int free = 0;
        int deciding = 0;
        int decidingUnread = 0;
        List<Candidate> rest = new ArrayList<>();
        // first: the posts the next digest counts, each read on the digest's own UTC day before its time
        for (Candidate candidate : sorted(candidates)) {
            if (!(beforeDigest && firstMailing(candidate).equals(digestDate))) {
                rest.add(candidate);
                continue;
            }
            deciding++;
            if (candidate.billedToday()) {
                reads.add(candidate.post().postId());
                free++;
            } else if (monthLeft > 0) {
                reads.add(candidate.post().postId());
                paid++;
                monthLeft--;
                shareLeft--;
            } else {
                decidingUnread++;
            }
        }
        // then: free re-reads of posts billed today, on their schedule
        List<Candidate> unpaid = new ArrayList<>();
        for (Candidate candidate : rest) {
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
        // last: one paid read each for the fastest-moving due posts, as far as today's share goes
        for (Candidate candidate : unpaid) {
            if (shareLeft <= 0 || monthLeft <= 0) {
                break;
            }
            reads.add(candidate.post().postId());
            paid++;
            shareLeft--;
            monthLeft--;
        }
        return new Plan(reads, paid, free, deciding, decidingUnread);
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
