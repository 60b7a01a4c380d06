package io.hotpapers.core.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.post.UsageStore.Bill;
import io.hotpapers.core.post.UsageStore.Prices;
import io.hotpapers.core.run.RunOwner;
import io.hotpapers.core.testing.PostgresExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Money reservations and billed resources in the real database, shared by every process on it. */
@Tag("reliability")
class UsageStoreBillingTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final YearMonth MONTH = YearMonth.of(2021, 5);
    private static final LocalDate DAY = LocalDate.of(2021, 5, 12);
    private static final Prices X = new Prices(new BigDecimal("0.005"), new BigDecimal("0.010"));
    private static final BigDecimal BUDGET = new BigDecimal("1.00");
    private static final BigDecimal POST = new BigDecimal("0.005");

    @BeforeEach
    void setUp() {
        postgres.jdbi().useHandle(handle -> handle.execute(
                "TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily"));
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    @Test
    void aDeadProcesssMoneyReservationIsReleasedAndALiveOnesIsKept() throws Exception {
        UsageStore killed = new UsageStore(postgres.jdbi(), new RunOwner(RunOwner.localHost(), deadPid(), null, null));
        UsageStore alive = new UsageStore(postgres.jdbi());
        // 1.00 pays 200 posts: the killed process holds 100 of them, the live one 100
        assertThat(killed.hold("x", MONTH, 100, 10, 3_000_000, BUDGET, POST).granted()).isEqualTo(100);
        UsageStore.Held open = alive.hold("x", MONTH, 100, 10, 3_000_000, BUDGET, POST);
        assertThat(alive.hold("x", MONTH, 100, 10, 3_000_000, BUDGET, POST).granted())
                .as("nothing left while both are held").isZero();

        assertThat(alive.releaseOrphans()).isEqualTo(100);

        assertThat(alive.hold("x", MONTH, 500, 10, 3_000_000, BUDGET, POST).granted())
                .as("the dead process's half is free again; the live one's still held").isEqualTo(100);
        alive.settle(open, "x", DAY, new Bill(List.of("1", "2"), 0, 0), X);
        assertThat(alive.spend("x", DAY).month()).isEqualByComparingTo("0.010");
    }

    @Test
    void aPostIsBilledOncePerUtcDayAndUserObjectsEveryTime() {
        UsageStore usage = new UsageStore(postgres.jdbi());

        usage.settle(new UsageStore.Held(0, 0), "x", DAY, new Bill(List.of("7", "8"), 0, 1), X);
        usage.settle(new UsageStore.Held(0, 0), "x", DAY, new Bill(List.of("7"), 0, 1), X);
        usage.settle(new UsageStore.Held(0, 0), "x", DAY.plusDays(1), new Bill(List.of("7"), 0, 0), X);

        UsageStore.Spend spend = usage.spend("x", DAY);
        assertThat(spend.today()).as("two posts and two user objects").isEqualByComparingTo("0.030");
        assertThat(spend.month()).isEqualByComparingTo("0.035");
        assertThat(spend.postsBilledMonth()).isEqualTo(3);
        assertThat(spend.usersBilledMonth()).isEqualTo(2);
        assertThat(usage.billedOn("x", DAY.plusDays(1), List.of("7", "8"))).containsExactly("7");
    }

    @Test
    void thePostCapStillBindsWhenItIsLowerThanTheBudget() {
        UsageStore usage = new UsageStore(postgres.jdbi());

        assertThat(usage.hold("x", MONTH, 100, 10, 30, BUDGET, POST).granted()).isEqualTo(30);
        assertThat(usage.hold("x", MONTH, 100, 10, 30, BUDGET, POST).granted()).isZero();
    }
}
