package io.hotpapers.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.post.RefreshCandidate;
import io.hotpapers.core.post.RefreshPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The billed-day planner's choices for given candidates and budgets (the database-backed round: XBillingTest). */
class BilledDayPlannerTest {
    /** Mailing date 2021-05-11 (US Eastern midnight); its digest is made 2021-05-12 09:00 UTC. */
    private static final Instant ANNOUNCED = Instant.parse("2021-05-11T04:00:00Z");
    private static final Instant OLDER = Instant.parse("2021-05-07T04:00:00Z");
    private static final Instant POSTED = Instant.parse("2021-05-11T06:00:00Z");
    private static final Instant DIGEST_DAY = Instant.parse("2021-05-12T00:30:00Z");
    private static final BigDecimal PRICE = new BigDecimal("0.005");

    private final BilledDayPlanner planner = new BilledDayPlanner(null, RefreshPolicy.standard(), LocalTime.of(9, 0),
            50, BigDecimal.ONE, BilledDayPlanner.OtherSources.NONE,
                BilledDayPlanner.EarlierReadings.NONE);

    /** A post read hourly on its first day, last at 23:00, that grew by {@code movement} in that last hour. */
    private static BilledDayPlanner.Candidate post(String id, Instant announced, long score, long movement,
                                                   String paper) {
        Instant last = Instant.parse("2021-05-11T23:00:00Z");
        return new BilledDayPlanner.Candidate(new RefreshCandidate(id, announced, last, movement, score,
                last.minus(Duration.ofHours(1)), POSTED, List.of(paper)), false);
    }

    private static BilledDayPlanner.Allowance allowance(String remaining, String spent) {
        // half of May gone, half left
        return new BilledDayPlanner.Allowance(new BigDecimal(remaining), new BigDecimal(spent),
                Duration.ofHours(15 * 24), Duration.ofHours(16 * 24), PRICE);
    }

    @Test
    void aPaperThatCannotReachTheThresholdByTheDigestIsNotPaidFor() {
        // paper A: 60 already; paper B: 20 that stopped growing (cannot reach 50 by 09:00); paper C: 40 still
        // growing fast enough to reach it
        List<BilledDayPlanner.Candidate> candidates = List.of(
                post("1", ANNOUNCED, 40, 2, "A"), post("2", ANNOUNCED, 20, 0, "A"),
                post("11", ANNOUNCED, 12, 0, "B"), post("12", ANNOUNCED, 8, 0, "B"),
                post("21", ANNOUNCED, 40, 3, "C"));

        // 10 left after 10 spent in half the month: money for the digest, none for history snapshots
        BilledDayPlanner.Plan plan = planner.plan(candidates, allowance("10", "10"), DIGEST_DAY);

        assertThat(plan.reads()).startsWith("1", "2", "21").doesNotContain("11", "12");
        assertThat(plan.skipped()).isEqualTo(2);
        assertThat(plan.deciding()).isEqualTo(3);
    }

    @Test
    void aShortBudgetReadsThePapersWithTheHighestKnownScoreFirst() {
        // two reads left this month: the paper certain to be listed is read, the one that only might be waits
        List<BilledDayPlanner.Candidate> candidates = List.of(
                post("5", ANNOUNCED, 45, 1, "maybe"),
                post("8", ANNOUNCED, 50, 0, "listed"), post("9", ANNOUNCED, 30, 0, "listed"));

        BilledDayPlanner.Plan plan = planner.plan(candidates, allowance("0.01", "10"), DIGEST_DAY);

        assertThat(plan.reads()).containsExactly("8", "9");
        assertThat(plan.decidingLeftUnread()).isEqualTo(1);
    }

    @Test
    void historyReadsWaitWhileTheMonthsPaceNeedsWhatIsLeftButTheDigestsPostsDoNot() {
        List<BilledDayPlanner.Candidate> candidates = List.of(post("1", ANNOUNCED, 60, 1, "A"),
                post("101", OLDER, 5, 3, "old"));
        Instant afterDigest = Instant.parse("2021-05-12T12:00:00Z");

        // 10 spent in 15 days: the 16 days left need about 10.7 (plus a margin), more than the 10 left
        assertThat(planner.plan(candidates, allowance("10", "10"), DIGEST_DAY).reads()).containsExactly("1");
        assertThat(planner.plan(candidates, allowance("10", "10"), afterDigest).reads()).isEmpty();
        // 5 spent: the surplus over the pace pays for history snapshots
        assertThat(planner.plan(candidates, allowance("15", "5"), afterDigest).reads()).contains("101");
    }

    @Test
    void aPostsBoundFollowsItsGrowthAndIsUnknownBeforeItsFirstRead() {
        Instant cutoff = Instant.parse("2021-05-12T09:00:00Z");
        RefreshCandidate stopped = post("1", ANNOUNCED, 20, 0, "A").post();
        RefreshCandidate growing = post("2", ANNOUNCED, 20, 4, "A").post();
        RefreshCandidate unread = new RefreshCandidate("3", ANNOUNCED, null, 0);

        // no faster than in its last hour (0, 1 with the counts' rounding) for the 10 hours to the digest
        assertThat(BilledDayPlanner.upperBound(stopped, null, cutoff)).isEqualTo(31L);
        // 4 an hour (5 with rounding) for 10 hours would pass its average since posted (17 h old at 23:00, 27 h at
        // 09:00: 21 × 27 / 17 ≈ 34), which bounds it
        assertThat(BilledDayPlanner.upperBound(growing, null, cutoff)).isEqualTo(34L);
        // read 19 six hours before: 2 (with rounding) in 6 hours, so at most 3.3 more in the 10 to the digest
        assertThat(BilledDayPlanner.upperBound(stopped, new io.hotpapers.core.post.SnapshotStore.Reading(
                Instant.parse("2021-05-11T17:00:00Z"), 19), cutoff)).isEqualTo(25L);
        assertThat(BilledDayPlanner.upperBound(stopped, null, Instant.parse("2021-05-11T23:00:00Z"))).isEqualTo(20L);
        assertThat(BilledDayPlanner.upperBound(unread, null, cutoff)).isEqualTo(Long.MAX_VALUE);
    }
}
