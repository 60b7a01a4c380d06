package io.hotpapers.social;

import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import java.time.Instant;
import java.util.List;

/**
 * What {@code status} and {@code /metrics} show about one enabled source, read from what every process on the
 * database shares: this month's requests and posts read against the cap, the last successful discovery or
 * refresh, and the rate-limit windows its limiter last heard. {@link #standard} serves every budgeted source; a
 * source with other state to show implements its own.
 */
public interface SourceStatus {

    /**
     * One look at a source.
     *
     * @param monthlyCap the posts the month allows ({@code Long.MAX_VALUE}: unmetered)
     * @param lastSuccess when its last discovery or refresh run succeeded, or {@code null}
     * @param rateLimits its last known windows by endpoint (empty: no limiter, or nothing heard yet)
     */
    record Report(String source, long requests, long postsRead, long monthlyCap, Instant lastSuccess,
                  List<RateLimitWindow> rateLimits) {
        public Report {
            rateLimits = List.copyOf(rateLimits);
        }
    }

    /** The source id. */
    String source();

    /** Reads the report now (a few small queries). */
    Report report();

    /** The report of a source from its budget, its runs and the rate limits its limiter stored. */
    static SourceStatus standard(String source, PostBudget budget, IngestRunStore runs, RateLimitStore rateLimits) {
        return new SourceStatus() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public Report report() {
                UsageStore.Usage usage = budget.usageThisMonth();
                Instant lastSuccess = runs.lastSuccess(List.of(DiscoveryService.JOB, RefreshService.JOB), source + " ")
                        .orElse(null);
                return new Report(source, usage.requests(), usage.postsRead(), budget.monthlyCap(), lastSuccess,
                        rateLimits.windows(source));
            }
        };
    }
}
