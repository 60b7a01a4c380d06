package io.hotpapers.social;

import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.post.UsageStore;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The monthly allowance of posts one source may read (X bills per post read). Every request reserves its
 * page size first and gives back what the response did not use, so the cap holds even across processes.
 * Reservations are recorded with the process holding them, so a killed process's are given back at the next start.
 *
 * <p>Every request passes here first, which makes it the place where a stop takes effect between pages and
 * batches: once a stop is requested, reservations come back empty, as if the month's cap were reached, and
 * the source ends its round with what it has read (cursors of an unfinished search stay put).
 */
public final class PostBudget {
    private final UsageStore usage;
    private final String source;
    private final long monthlyCap;
    private final Clock clock;
    private final StopSignal stop;

    public PostBudget(UsageStore usage, String source, long monthlyCap, Clock clock) {
        this(usage, source, monthlyCap, clock, new StopSignal());
    }

    public PostBudget(UsageStore usage, String source, long monthlyCap, Clock clock, StopSignal stop) {
        this.usage = usage;
        this.source = source;
        this.monthlyCap = monthlyCap;
        this.clock = clock;
        this.stop = stop;
    }

    /** A reservation for one request. */
    public final class Reservation {
        private final YearMonth month;
        private final UsageStore.Held held;

        private Reservation(YearMonth month, UsageStore.Held held) {
            this.month = month;
            this.held = held;
        }

        public int granted() {
            return (int) held.granted();
        }

        /** Settles the reservation with what the response actually delivered. */
        public void settle(long postsRead) {
            usage.settle(held, source, month, postsRead);
        }

        /** Makes the reserved request and settles with what it read; a failed request reads nothing. */
        public <T> T spend(Supplier<T> request, ToLongFunction<T> postsRead) {
            T response;
            try {
                response = request.get();
            } catch (RuntimeException e) {
                settle(0);
                throw e;
            }
            settle(postsRead.applyAsLong(response));
            return response;
        }
    }

    /**
     * Reserves up to {@code wanted} posts; empty reservations (granted 0) mean the month's cap is reached or a
     * stop was requested ({@link #stopRequested()} tells which).
     */
    public Reservation reserve(int wanted, int minimum) {
        YearMonth month = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        if (stop.isRequested()) {
            return new Reservation(month, new UsageStore.Held(0, 0));
        }
        return new Reservation(month, usage.hold(source, month, wanted, minimum, monthlyCap));
    }

    /** Whether reservations end because the process is stopping, rather than because of the cap. */
    public boolean stopRequested() {
        return stop.isRequested();
    }

    /** Posts read and requests made so far this month. */
    public UsageStore.Usage usageThisMonth() {
        return usage.usage(source, YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    /** Posts read so far this month. */
    public long usedThisMonth() {
        return usage.postsRead(source, YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    public long monthlyCap() {
        return monthlyCap;
    }
}
