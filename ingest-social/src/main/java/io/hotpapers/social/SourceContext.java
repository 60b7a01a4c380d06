package io.hotpapers.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.CursorStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.run.StopSignal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;

/**
 * What the application lends a {@link SourceModule} to build its source with: the configuration, the clock, the
 * stores and the process's shared HTTP setup.
 *
 * @param retrier the process's retry policy for transient remote failures (bounded by {@code HOTPAPERS_MAX_WAIT})
 * @param http per source id, a client builder that already sends hotpapers' User-Agent, bounds response sizes and
 *     counts requests in the metrics; the module adds its own authentication, politeness and timeouts. Clients
 *     built from it share one dispatcher and connection pool, which the application releases at its stop.
 * @param metrics where a source registers its own gauges (rate-limit state, stream lag)
 */
public record SourceContext(HotpapersConfig config, Clock clock, Sleeper sleeper, Retrier retrier, ObjectMapper json,
                            Jdbi jdbi, PaperStore papers, PostStore posts, SnapshotStore snapshots,
                            CursorStore cursors, UsageStore usage, IngestRunStore runs, StopSignal stop,
                            Function<String, OkHttpClient.Builder> http, MeterRegistry metrics) {
}
