package io.hotpapers.scheduler.cli;

import io.hotpapers.core.post.UsageStore;
import io.hotpapers.scheduler.App;
import io.hotpapers.social.PostBudget;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The spend lines of {@code status}: per enabled source, what today and this month cost, the month projected at
 * its pace so far, and the budget; then a warning when the latest digest counted posts its budget could not
 * read on the cutoff's day.
 */
final class SpendLines {
    private SpendLines() {
    }

    static void print(PrintWriter out, App app) {
        for (App.Social social : app.sources()) {
            PostBudget budget = social.budget();
            String label = social.source() + " spend";
            if (budget.monthlyBudget().isEmpty()) {
                continue; // a free source: its reads are on its own line above
            }
            UsageStore.Spend spend = budget.spend();
            BigDecimal limit = budget.monthlyBudget().get();
            BigDecimal projected = budget.projectedThisMonth();
            out.printf("%-11s today %s, this month %s, projected %s of budget %s (%,d posts and %,d user objects "
                            + "billed, %,d of %,d posts cap)%s%n", label, money(spend.today()), money(spend.month()),
                    money(projected), money(limit), spend.postsBilledMonth(), spend.usersBilledMonth(),
                    budget.usedThisMonth(), budget.monthlyCap(),
                    projected.compareTo(limit) > 0 ? "  (the budget ends reads before the month does)" : "");
        }
        app.digests().latestStaleCounts().filter(latest -> latest.getValue() > 0).ifPresent(latest -> out.printf(
                "warning     the digest of %s is inexact: %,d counted post(s) were last read before its cutoff's "
                        + "UTC day (budget too small to read them that day; raise X_MONTHLY_BUDGET)%n",
                latest.getKey(), latest.getValue()));
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
