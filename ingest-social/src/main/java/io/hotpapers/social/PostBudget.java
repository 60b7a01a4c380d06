package io.hotpapers.social;

import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.post.UsageStore.Bill;
import io.hotpapers.core.post.UsageStore.Prices;
import io.hotpapers.core.run.StopSignal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The monthly allowance of one source: a money budget at the source's prices (X bills each post returned once per
 * UTC day and each user object returned) and an optional ceiling of posts billed. Every request reserves its
 * worst case first (page size × price) and settles with what the answer was billed, so neither limit can be
 * passed by answers in flight, across processes. Reservations are recorded with the process holding them, so a
 * killed process's are given back at the next start.
 *
 * <p>Every request passes here first, which makes it the place where a stop takes effect between pages and
 * batches: once a stop is requested, reservations come back empty, as if the month's allowance were spent, and
 * the source ends its round with what it has read (cursors of an unfinished search stay put).
 */
public final class PostBudget {
    private final UsageStore usage;
    private final String source;
    private final long monthlyCap;
    private final BigDecimal monthlyBudget;
    private final Prices prices;
    private final Clock clock;
    private final StopSignal stop;

    /** A free source limited by a post cap only. */
    public PostBudget(UsageStore usage, String source, long monthlyCap, Clock clock) {
        this(usage, source, monthlyCap, clock, new StopSignal());
    }

    /** A free source limited by a post cap only. */
    public PostBudget(UsageStore usage, String source, long monthlyCap, Clock clock, StopSignal stop) {
        this(usage, source, monthlyCap, null, Prices.FREE, clock, stop);
    }

    /**
     * @param monthlyCap the most posts billed in a month (a post billed on two days counts twice)
     * @param monthlyBudget the most money spent in a month, or {@code null} for none
     */
    public PostBudget(UsageStore usage, String source, long monthlyCap, BigDecimal monthlyBudget, Prices prices,
                      Clock clock, StopSignal stop) {
        this.usage = usage;
        this.source = source;
        this.monthlyCap = monthlyCap;
        this.monthlyBudget = monthlyBudget;
        this.prices = prices;
        this.clock = clock;
        this.stop = stop;
    }

    /** A reservation for one request. */
    public final class Reservation {
        private final LocalDate day;
        private final UsageStore.Held held;

        private Reservation(LocalDate day, UsageStore.Held held) {
            this.day = day;
            this.held = held;
        }

        public int granted() {
            return (int) held.granted();
        }

        /** Settles the reservation with a count of posts that cannot be named (each billed). */
        public void settle(long postsRead) {
            settle(Bill.posts(postsRead));
        }

        /** Settles the reservation with what the answer returned, billed as the source bills it. */
        public UsageStore.Billed settle(Bill bill) {
            if (held.granted() == 0) {
                return new UsageStore.Billed(0, 0, BigDecimal.ZERO);
            }
            return usage.settle(held, source, day, bill, prices);
        }

        /** Makes the reserved request and settles with the count it read; a failed request reads nothing. */
        public <T> T spend(Supplier<T> request, ToLongFunction<T> postsRead) {
            return spendBilled(request, response -> Bill.posts(postsRead.applyAsLong(response)));
        }

        /** Makes the reserved request and settles with its bill; a failed request is billed nothing. */
        public <T> T spendBilled(Supplier<T> request, Function<T, Bill> bill) {
            T response;
            try {
                response = request.get();
            } catch (RuntimeException e) {
                settle(Bill.NOTHING);
                throw e;
            }
            settle(bill.apply(response));
            return response;
        }
    }

    /**
     * Reserves up to {@code wanted} posts at the post price; empty reservations (granted 0) mean the month's
     * allowance is spent or a stop was requested ({@link #stopRequested()} tells which).
     */
    public Reservation reserve(int wanted, int minimum) {
        return reserve(wanted, minimum, prices.post());
    }

    /** Reserves up to {@code wanted} user objects (a lookup of authors) at the user price. */
    public Reservation reserveUsers(int wanted) {
        return reserve(wanted, 1, prices.user());
    }

    private Reservation reserve(int wanted, int minimum, BigDecimal worstPerItem) {
        LocalDate day = today();
        if (stop.isRequested()) {
            return new Reservation(day, new UsageStore.Held(0, 0));
        }
        return new Reservation(day, usage.hold(source, YearMonth.from(day), wanted, minimum, monthlyCap,
                monthlyBudget, worstPerItem));
    }

    /** Whether reservations end because the process is stopping, rather than because of the allowance. */
    public boolean stopRequested() {
        return stop.isRequested();
    }

    /** Posts read and requests made so far this month. */
    public UsageStore.Usage usageThisMonth() {
        return usage.usage(source, YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    /** Posts read so far this month. */
    /** Posts billed (or reserved) so far this month. */
    public long usedThisMonth() {
        return usage.postsRead(source, YearMonth.from(today()));
    }

    public long monthlyCap() {
        return monthlyCap;
    }

    /** The month's money budget, when the source has one. */
    public Optional<BigDecimal> monthlyBudget() {
        return Optional.ofNullable(monthlyBudget);
    }

    public Prices prices() {
        return prices;
    }

    public String source() {
        return source;
    }

    /** The spend of today (UTC) and of this month. */
    public UsageStore.Spend spend() {
        return usage.spend(source, today());
    }

    /**
     * The month's spend at the pace so far: what was spent, divided by the part of the month elapsed (a day
     * started counts by the hours gone), times the month's length.
     */
    public BigDecimal projectedThisMonth() {
        LocalDate today = today();
        double elapsedDays = today.getDayOfMonth() - 1
                + clock.instant().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 86_400.0;
        BigDecimal spent = spend().month();
        if (elapsedDays < 1.0 / 24) {
            return spent;
        }
        return spent.multiply(BigDecimal.valueOf(today.lengthOfMonth()))
                .divide(BigDecimal.valueOf(elapsedDays), 2, RoundingMode.HALF_UP);
    }

    /** The budget left this month (never below zero), or empty when there is no budget. */
    public Optional<BigDecimal> remainingThisMonth() {
        return monthlyBudget().map(budget -> budget.subtract(spend().month()).max(BigDecimal.ZERO));
    }

    /** Which of the posts were billed today (UTC): reading them again today costs nothing. */
    public java.util.Set<String> billedToday(java.util.Collection<String> postIds) {
        return usage.billedOn(source, today(), postIds);
    }

    public LocalDate today() {
        return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
