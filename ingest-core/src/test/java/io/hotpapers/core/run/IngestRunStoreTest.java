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

    @Test
    void aTrackedRunStoresItsCountsAndReturnsTheResult() {
        clock.advance(Duration.ofSeconds(1));
        String result = runs.track("listing", "2021-05-11 cs.LG", counts -> {
            counts.put("items", 3).put("listings", 2);
            clock.advance(Duration.ofSeconds(5));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        IngestRun run = runs.latest("listing", "2021-05-11 cs.LG").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(Map.of("items", 3L, "listings", 2L));
        assertThat(run.finishedAt()).isEqualTo(run.startedAt().plusSeconds(5));
        assertThat(run.error()).isNull();
    }

    @Test
    void aTrackedRunThatFailsKeepsTheCountsSoFarAndOneLineWithoutSecrets() {
        IngestRunStore withSecrets = new IngestRunStore(postgres.jdbi(), clock, new ObjectMapper(),
                new io.hotpapers.core.text.ErrorText(List.of("hunter2-db-pw")));
        IllegalStateException failure = new IllegalStateException(
                "cannot reach postgresql://admin:hunter2-db-pw@db/hotpapers\nFATAL: password=hunter2-db-pw");

        assertThatThrownBy(() -> withSecrets.track("discovery", "x 2021-05-11", counts -> {
            counts.put("papers", 7);
            throw failure;
        })).isSameAs(failure);

        IngestRun run = runs.latest("discovery", "x 2021-05-11").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.counts()).isEqualTo(Map.of("papers", 7L));
        assertThat(run.error()).isEqualTo("cannot reach postgresql://****@db/hotpapers FATAL: password=****")
                .doesNotContain("hunter2");
    }

    @Test
    void aTrackedRunStoppedOnPurposeIsInterruptedNotFailed() {
        runs.track("snapshots", "x one", counts -> {
            counts.put("requests", 2);
            counts.interrupted("stopped after 2 request(s)");
            return null;
        });
        assertThatThrownBy(() -> runs.track("backfill", "2021-05-11", counts -> {
            throw new StoppedException("backfill of 2021-05-11 at result 200 stopped (SIGTERM)");
        })).isInstanceOf(StoppedException.class);
        StopSignal stop = new StopSignal();
        stop.request("SIGTERM", 143);
        assertThatThrownBy(() -> runs.track("discovery", "x two", stop, counts -> {
            throw new IllegalStateException("X request cut short");
        })).hasMessage("X request cut short");

        IngestRun stopped = runs.latest("snapshots", "x one").orElseThrow();
        assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(stopped.error()).isEqualTo("stopped after 2 request(s)");
        assertThat(stopped.counts()).isEqualTo(Map.of("requests", 2L));
        assertThat(runs.latest("backfill", "2021-05-11").orElseThrow())
                .extracting(IngestRun::status, IngestRun::error)
                .containsExactly(RunStatus.INTERRUPTED, "backfill of 2021-05-11 at result 200 stopped (SIGTERM)");
        assertThat(runs.latest("discovery", "x two").orElseThrow())
                .extracting(IngestRun::status, IngestRun::error)
                .containsExactly(RunStatus.INTERRUPTED, "stopped: X request cut short");
        assertThat(runs.isDone("snapshots", "x one")).isFalse();
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        assertThatThrownBy(() -> runs.track("digest", "2021-05-11", counts -> {
            throw new IllegalStateException();
        })).isInstanceOf(IllegalStateException.class);

        assertThat(runs.latest("digest", "2021-05-11").orElseThrow())
                .extracting(IngestRun::status, IngestRun::error)
                .containsExactly(RunStatus.FAILED, "IllegalStateException");
    }

    @Test
    void skipReasonsAreStoredAsOneLineWithoutCredentials() {
        long runId = runs.start("discovery", "x 2021-05-11");

        runs.recordSkips(runId, List.of(new Skip("2105.01234", "X said: invalid query\r\ntoken=abc123 was sent")));

        assertThat(runs.skips(runId)).containsExactly(new Skip("2105.01234", "X said: invalid query token=**** was sent"));
    }
}
