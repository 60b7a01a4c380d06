package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.post.RateLimitStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.App;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `status` and /metrics show each enabled source: requests, posts read of the cap, last success, rate limits. */
class StatusSourcesTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("X_BEARER_TOKEN", "status-sources-token");
        environment.put("X_MONTHLY_POST_CAP", "10000");
        return environment;
    }

    private void someoneUsedX() {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE source_rate_limits, social_usage"));
        new UsageStore(postgres.jdbi()).record("x", YearMonth.of(2026, 11), 57, 3);
        new RateLimitStore(postgres.jdbi()).record("x", new RateLimitWindow("/2/tweets/search/recent", 450, 0,
                Instant.parse("2026-11-26T12:10:00Z"), Instant.parse("2026-11-26T11:56:00Z")));
        IngestRunStore runs = new IngestRunStore(postgres.jdbi(), MutableClock.at("2026-11-26T11:00:00Z"),
                new ObjectMapper());
        runs.track("discovery", "x 2026-11-19..2026-11-26 cs.LG", counts -> null);
    }

    @Test
    void statusShowsEachSourcesMonthLastSuccessAndRateLimits() {
        someoneUsedX();
        CliRun cli = new CliRun(home, "2026-11-26T12:00:00Z");

        assertThat(cli.run(environment(), "status")).isZero();

        assertThat(cli.out.toString())
                .contains("x posts     57 of 10,000 read this month\n")
                .contains("  3 request(s) this month; last success 2026-11-26T11:00:00Z\n")
                .contains("  rate limit /2/tweets/search/recent: 0 of 450 left, resets 2026-11-26T12:10:00Z "
                        + "(exhausted until 2026-11-26T12:10:00Z; seen 2026-11-26T11:56:00Z)\n");
    }

    @Test
    void metricsCarryEachSourcesFigures() {
        someoneUsedX();
        CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
        App app = new App(new ConfigLoader(environment(), home, taxonomy).load(), MutableClock.at("2026-11-26T12:00:00Z"),
                Sleeper.SYSTEM, taxonomy);
        try {
            app.start();

            assertThat(app.metrics().scrape())
                    .contains("hotpapers_source_requests{source=\"x\"} 3.0")
                    .contains("hotpapers_source_posts_read{source=\"x\"} 57.0")
                    .contains("hotpapers_source_budget_cap{source=\"x\"} 10000.0")
                    .contains("hotpapers_source_last_success_seconds{source=\"x\"} 1.7956908E9");
        } finally {
            app.stop();
        }
    }
}
