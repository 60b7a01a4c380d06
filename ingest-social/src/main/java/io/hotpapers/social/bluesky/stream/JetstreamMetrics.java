package io.hotpapers.social.bluesky.stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/** The Jetstream consumer's figures as meters ({@code hotpapers.stream.*}, tagged with the source). */
public final class JetstreamMetrics {
    private JetstreamMetrics() {
    }

    /** Registers counters and gauges that read the consumer's status at each scrape. */
    public static void register(JetstreamConsumer consumer, String source, MeterRegistry registry) {
        Tags tags = Tags.of("source", source);
        counter(registry, "hotpapers.stream.events", "Events read from the stream", consumer, tags,
                JetstreamStatus::eventsSeen);
        counter(registry, "hotpapers.stream.posts.matched", "Created posts that link a paper", consumer, tags,
                JetstreamStatus::postsMatched);
        counter(registry, "hotpapers.stream.posts.stored", "Posts of active papers written", consumer, tags,
                JetstreamStatus::postsStored);
        counter(registry, "hotpapers.stream.skipped", "Events or records skipped as unreadable", consumer, tags,
                JetstreamStatus::skipped);
        counter(registry, "hotpapers.stream.stalls", "Connections dropped because the writer fell behind", consumer,
                tags, JetstreamStatus::stalls);
        counter(registry, "hotpapers.stream.reconnects", "Connections opened after the first", consumer, tags,
                JetstreamStatus::reconnects);
        counter(registry, "hotpapers.stream.gaps", "Resumes from beyond the replay window (posts lost to the stream)",
                consumer, tags, JetstreamStatus::gaps);
        gauge(registry, "hotpapers.stream.connected", "1 while the stream is open on this node", consumer, tags,
                status -> status.connected() ? 1 : 0);
        gauge(registry, "hotpapers.stream.leader", "1 while this node is the cluster's stream reader", consumer, tags,
                status -> status.leader() ? 1 : 0);
        gauge(registry, "hotpapers.stream.lag.seconds", "How far the newest event read is behind the clock", consumer,
                tags, status -> status.lag() == null ? Double.NaN : seconds(status.lag()));
        gauge(registry, "hotpapers.stream.last.event", "Time of the newest event read (epoch seconds)", consumer, tags,
                status -> status.lastTimeUs() == 0 ? Double.NaN : status.lastTimeUs() / 1e6);
        gauge(registry, "hotpapers.stream.queued", "Posts and skips waiting for the database writer", consumer, tags,
                JetstreamStatus::queued);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void counter(MeterRegistry registry, String name, String description, JetstreamConsumer consumer,
                                Tags tags, ToDoubleFunction<JetstreamStatus> value) {
        FunctionCounter.builder(name, consumer, part -> value.applyAsDouble(part.status()))
                .description(description).tags(tags).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String description, JetstreamConsumer consumer,
                              Tags tags, ToDoubleFunction<JetstreamStatus> value) {
        Gauge.builder(name, consumer, part -> value.applyAsDouble(part.status()))
                .description(description).tags(tags).register(registry);
    }
}
