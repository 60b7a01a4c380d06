package io.hotpapers.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IngestRunStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final MutableClock clock = MutableClock.at("2021-05-12T00:00:00Z");
    private IngestRunStore runs;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        runs = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper());
    }

    @Test
    void aSucceededRunIsTheCheckpoint() {
        long runId = runs.start("listing", "cs.LG 2021-05-11");
        assertThat(runs.isDone("listing", "cs.LG 2021-05-11")).isFalse();

        clock.advance(Duration.ofSeconds(42));
        runs.succeed(runId, Map.of("papers", 212L, "listings", 250L));

        IngestRun run = runs.latest("listing", "cs.LG 2021-05-11").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(Map.of("papers", 212L, "listings", 250L));
        assertThat(run.finishedAt()).isEqualTo(run.startedAt().plusSeconds(42));
        assertThat(runs.isDone("listing", "cs.LG 2021-05-11")).isTrue();
        assertThat(runs.isDone("listing", "cs.LG 2021-05-12")).isFalse();
    }

    @Test
    void aFailedRunKeepsItsErrorAndIsNotDone() {
        long runId = runs.start("metadata", "2021-05-11");

        runs.fail(runId, Map.of("papers", 100L), "arXiv API: HTTP 503 after 5 attempts");

        IngestRun run = runs.latest("metadata", "2021-05-11").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("arXiv API: HTTP 503 after 5 attempts");
        assertThat(runs.isDone("metadata", "2021-05-11")).isFalse();
    }

    @Test
    void theLatestRunDecides() {
        runs.succeed(runs.start("digest", "2021-05-11"), Map.of());
        clock.advance(Duration.ofDays(1));
        runs.fail(runs.start("digest", "2021-05-11"), Map.of(), "disk full");

        assertThat(runs.isDone("digest", "2021-05-11")).isFalse();
        assertThat(runs.recent(10)).extracting(IngestRun::status)
                .containsExactly(RunStatus.FAILED, RunStatus.SUCCEEDED);
    }

    @Test
    void aRunFinishesOnlyOnce() {
        long runId = runs.start("digest", "2021-05-11");
        runs.succeed(runId, Map.of());

        assertThatThrownBy(() -> runs.fail(runId, Map.of(), "late failure"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(runs.latest("digest", "2021-05-11").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void skippedItemsAreKeptWithTheirReasonOnce() {
        long runId = runs.start("listing", "2024-11-28");
        List<Skip> skips = List.of(new Skip("2411.99999", "not returned by the arXiv API"),
                new Skip("entry 7", "entry without an id"));

        runs.recordSkips(runId, skips);
        runs.recordSkips(runId, skips);

        assertThat(runs.skips(runId)).containsExactly(new Skip("2411.99999", "not returned by the arXiv API"),
                new Skip("entry 7", "entry without an id"));
    }
}
