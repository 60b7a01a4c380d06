package io.hotpapers.social;

import io.hotpapers.core.tweet.SocialUsageStore;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The monthly allowance of posts one source may read (X bills per post read). Every request reserves its
 * page size first and gives back what the response did not use, so the cap holds even across processes.
 */
public final class PostBudget {
    private final SocialUsageStore usage;
    private final String source;
    private final long monthlyCap;
    private final Clock clock;

    public PostBudget(SocialUsageStore usage, String source, long monthlyCap, Clock clock) {
        this.usage = usage;
        this.source = source;
        this.monthlyCap = monthlyCap;
        this.clock = clock;
    }

    /** A reservation for one request. */
    public final class Reservation {
        private final YearMonth month;
        private final long granted;

        private Reservation(YearMonth month, long granted) {
            this.month = month;
            this.granted = granted;
        }

        public int granted() {
            return (int) granted;
        }

        /** Settles the reservation with what the response actually delivered. */
        public void settle(long postsRead) {
            usage.refund(source, month, granted - postsRead);
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

    /** Reserves up to {@code wanted} posts; empty reservations (granted 0) mean the month's cap is reached. */
    public Reservation reserve(int wanted, int minimum) {
        YearMonth month = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        return new Reservation(month, usage.reserve(source, month, wanted, minimum, monthlyCap));
    }

    /** Posts read so far this month. */
    public long usedThisMonth() {
        return usage.postsRead(source, YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    public long monthlyCap() {
        return monthlyCap;
    }
}
