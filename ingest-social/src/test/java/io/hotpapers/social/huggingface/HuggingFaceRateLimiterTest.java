package io.hotpapers.social.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The RateLimit header as Hugging Face documents it, and what is not it. */
class HuggingFaceRateLimiterTest {
    @Test
    void theDocumentedHeaderGivesWhatRemainsAndWhenTheWindowResets() {
        assertThat(HuggingFaceRateLimiter.window("\"api\";r=0;t=42")).hasValue(
                new HuggingFaceRateLimiter.Window(0, Duration.ofSeconds(42)));
        assertThat(HuggingFaceRateLimiter.window("\"api\"; t=300; r=499")).hasValue(
                new HuggingFaceRateLimiter.Window(499, Duration.ofSeconds(300)));
    }

    @Test
    void anUnreadableHeaderIsNoWindow() {
        assertThat(HuggingFaceRateLimiter.window(null)).isEmpty();
        assertThat(HuggingFaceRateLimiter.window("\"api\";r=-1;t=42")).isEmpty();
        assertThat(HuggingFaceRateLimiter.window("\"api\";r=1")).isEmpty();
        assertThat(HuggingFaceRateLimiter.window("\"api\";r=0;t=99999999999999")).as("not a wait to believe").isEmpty();
        assertThat(HuggingFaceRateLimiter.window("x".repeat(500) + ";r=0;t=1")).isEmpty();
    }

    @Test
    void theWindowIsNamedByItsPolicyAndLimitedByThePolicysQuota() {
        assertThat(HuggingFaceRateLimiter.policy("\"api\";r=499;t=300")).isEqualTo("api");
        assertThat(HuggingFaceRateLimiter.policy("\"resolvers\"; r=10; t=5")).isEqualTo("resolvers");
        assertThat(HuggingFaceRateLimiter.policy("\"a\u202eb\";r=1;t=1")).as("no hostile name").isEqualTo("api");
        assertThat(HuggingFaceRateLimiter.policy("r=1;t=1")).isEqualTo("api");
        assertThat(HuggingFaceRateLimiter.quota("\"fixed window\";\"api\";q=500;w=300")).isEqualTo(500);
        assertThat(HuggingFaceRateLimiter.quota(null)).isEqualTo(-1);
        assertThat(HuggingFaceRateLimiter.quota("\"fixed window\";\"api\";w=300")).isEqualTo(-1);
        assertThat(HuggingFaceRateLimiter.quota("q=1;" + "x".repeat(300))).isEqualTo(-1);
    }
}
