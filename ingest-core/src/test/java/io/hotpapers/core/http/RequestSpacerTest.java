package io.hotpapers.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When requests reach the server, given how long each takes to get there and back. */
@Tag("reliability")
class RequestSpacerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(3);

    private final MutableClock clock = MutableClock.at("2026-11-30T12:00:00Z");
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    /** The way there and back of each request, in order. */
    private final Deque<Duration[]> latencies = new ArrayDeque<>();
    private final List<Instant> arrivals = new ArrayList<>();

    /** Three requests: the first opens a connection (400 ms to arrive, 100 ms back), the others reuse it (10 ms). */
    private List<Duration> gapsAtTheServer(RequestSpacer spacer) throws IOException {
        latencies.add(new Duration[] {Duration.ofMillis(400), Duration.ofMillis(100)});
        latencies.add(new Duration[] {Duration.ofMillis(10), Duration.ofMillis(10)});
        latencies.add(new Duration[] {Duration.ofMillis(10), Duration.ofMillis(10)});
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(spacer)
                .addInterceptor(chain -> {
                    Duration[] latency = latencies.pop();
                    clock.advance(latency[0]);
                    arrivals.add(clock.instant());
                    clock.advance(latency[1]);
                    return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200)
                            .message("OK").body(ResponseBody.create(new byte[0], null)).build();
                })
                .build();
        for (int i = 0; i < 3; i++) {
            try (Response response = client.newCall(new Request.Builder().url("http://api.test/q").build())
                    .execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < arrivals.size(); i++) {
            gaps.add(Duration.between(arrivals.get(i - 1), arrivals.get(i)));
        }
        return gaps;
    }

    @Test
    void spacedFromTheEndOfTheLastRequestRequestsReachTheServerAtLeastTheIntervalApart() throws IOException {
        List<Duration> gaps = gapsAtTheServer(RequestSpacer.afterEnd(INTERVAL, clock, sleeper));

        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL));
        assertThat(sleeper.waits()).containsExactly(INTERVAL, INTERVAL);
    }

    @Test
    void spacedByTheirStartsTheyCanReachTheServerSoonerThanTheInterval() throws IOException {
        List<Duration> gaps = gapsAtTheServer(new RequestSpacer(INTERVAL, clock, sleeper));

        // why arXiv's spacer counts from the end: the connection set-up of the first request shortens the gap
        assertThat(gaps).containsExactly(Duration.ofMillis(2610), Duration.ofMillis(3000));
    }
}
