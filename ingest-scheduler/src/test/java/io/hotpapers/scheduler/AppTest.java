package io.hotpapers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The composition root wires everything in its constructor; start() only brings the database up. */
class AppTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    @Test
    void everyPartIsBuiltBeforeStartAndWorksOnceTheDatabaseIsUp() {
        postgres.truncateAll();
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG");
        CategoryTaxonomy taxonomy = CategoryTaxonomy.load();
        App app = new App(new ConfigLoader(environment, home, taxonomy).load(), MutableClock.at("2026-11-26T12:00:00Z"),
                Sleeper.SYSTEM, taxonomy);
        try {
            assertThat(List.of(app.jobs(), app.digests(), app.listings(), app.backfill(), app.papers(),
                    app.listingStore(), app.metadataAttempts(), app.runs(), app.trends(), app.schedulerState(),
                    app.jobOutcomes())).doesNotContainNull();
            assertThat(app.metrics().get("hotpapers.papers.tracked").gauge().value())
                    .as("a scrape before the database is up reads NaN, it does not fail").isNaN();
            assertThatThrownBy(() -> app.listingStore().newestMailingDate(List.of("cs.LG")))
                    .hasMessageContaining("database not started");

            app.start();

            assertThat(app.listingStore().newestMailingDate(List.of("cs.LG"))).isEmpty();
            assertThat(app.schedulerState().liveDaemons()).isZero();
            assertThat(app.metrics().get("hotpapers.papers.tracked").gauge().value()).isNotNaN();
        } finally {
            app.stop();
        }
    }
}
