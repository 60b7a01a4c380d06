package io.hotpapers.scheduler.health;

import io.hotpapers.core.post.UsageStore;
import io.hotpapers.social.PostBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * What each source cost, for /metrics: {@code hotpapers_source_spend_total{source}} (money, all time),
 * {@code hotpapers_source_billed_total{source,kind}} (posts and user objects billed) and
 * {@code hotpapers_source_budget{source}} (this month's budget). Read from the database at scrape time, the
 * last answer kept while it cannot answer, so a scrape never fails and counters never go back.
 */
public final class SpendMetrics {
    private SpendMetrics() {
    }

    public static void register(MeterRegistry registry, UsageStore usage, List<PostBudget> budgets) {
        for (PostBudget budget : budgets) {
            String source = budget.source();
            AtomicReference<UsageStore.Spend> last = new AtomicReference<>(
                    new UsageStore.Spend(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0));
            counter(registry, usage, "hotpapers.source.spend", "Money spent on the source's API (account currency)",
                    source, null, store -> lifetime(store, source, last).month().doubleValue());
            counter(registry, usage, "hotpapers.source.billed", "Resources the source billed", source, "post",
                    store -> lifetime(store, source, last).postsBilledMonth());
            counter(registry, usage, "hotpapers.source.billed", "Resources the source billed", source, "user",
                    store -> lifetime(store, source, last).usersBilledMonth());
            budget.monthlyBudget().ifPresent(amount -> Gauge.builder("hotpapers.source.budget", amount::doubleValue)
                    .description("The source's monthly budget (account currency)").tag("source", source)
                    .register(registry));
        }
    }

    private static void counter(MeterRegistry registry, UsageStore usage, String name, String description,
                                String source, String kind, ToDoubleFunction<UsageStore> value) {
        FunctionCounter.Builder<UsageStore> builder = FunctionCounter.builder(name, usage, value)
                .description(description).tag("source", source);
        if (kind != null) {
            builder.tag("kind", kind);
        }
        builder.register(registry);
    }

    private static UsageStore.Spend lifetime(UsageStore usage, String source, AtomicReference<UsageStore.Spend> last) {
        try {
            UsageStore.Spend now = usage.lifetime(source);
            last.set(now);
            return now;
        } catch (RuntimeException e) {
            return last.get(); // the database is away: the last answer, so the counter does not drop
        }
    }
}
