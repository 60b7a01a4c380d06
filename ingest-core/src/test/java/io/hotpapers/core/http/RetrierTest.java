package io.hotpapers.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.FakeSleeper;
import io.hotpapers.core.testing.LogCapture;
import io.hotpapers.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class RetrierTest {
    private final MutableClock clock = MutableClock.at("2021-05-12T12:00:00Z");
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final Retrier retrier = new Retrier(Retrier.Policy.standard(), clock, sleeper, new Random(7));

    @Test
    void aRetryAfterLongerThanTheLongestWaitFailsAtOnceNamingTheEndpointAndTheTime() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("arXiv API search from 0", () -> {
            attempts.incrementAndGet();
            throw new HttpStatusException("arXiv API", 503, "Service Unavailable", Duration.ofHours(2));
        }))
                .isInstanceOf(WaitTooLongException.class)
                .hasMessageContaining("arXiv API search from 0")
                .hasMessageContaining("2021-05-12T14:00:00Z")
                .hasMessageContaining("HOTPAPERS_MAX_WAIT=PT15M")
                .hasCauseInstanceOf(HttpStatusException.class);
        assertThat(attempts).hasValue(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void aRetryAfterWithinTheLimitIsObeyedAndAnnouncedWithItsEnd() {
        AtomicInteger attempts = new AtomicInteger();

        String result;
        try (LogCapture log = LogCapture.of(Retrier.class)) {
            result = retrier.call("X recent search (/2/tweets/search/recent)", () -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new HttpStatusException("X API", 429, "Too Many Requests", Duration.ofSeconds(90));
                }
                return "page";
            });
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN X recent search (/2/tweets/search/recent) failed (attempt 1 of 5)")
                    .endsWith("retrying in PT1M30S (at 2021-05-12T12:01:30Z)");
        }

        assertThat(result).isEqualTo("page");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(90));
    }

    @Test
    void aRetryAfterPastTheEndOfTimeStillFailsWithAMessage() {
        assertThatThrownBy(() -> retrier.call("arXiv API search from 0", () -> {
            throw new HttpStatusException("arXiv API", 429, "", Duration.ofSeconds(Long.MAX_VALUE));
        }))
                .isInstanceOf(WaitTooLongException.class)
                .hasMessageContaining("until " + Instant.MAX);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void theLongestWaitComesFromThePolicy() {
        Retrier patient = new Retrier(Retrier.Policy.standard().withMaxWait(Duration.ofHours(3)), clock, sleeper,
                new Random(7));
        AtomicInteger attempts = new AtomicInteger();

        patient.call("arXiv API search from 0", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new HttpStatusException("arXiv API", 503, "", Duration.ofHours(2));
            }
            return "page";
        });

        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(2));
    }
}
