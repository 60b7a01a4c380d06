package io.hotpapers.scheduler.cli;

import io.hotpapers.arxiv.ArxivClient;
import io.hotpapers.arxiv.BackfillService;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.UsageStore;
import io.hotpapers.scheduler.App;
import io.hotpapers.social.bluesky.BlueskyAuthException;
import io.hotpapers.social.x.XAuthException;
import io.hotpapers.social.x.XSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers backfill}: ingests the listings and metadata of past mailing dates, resumably. */
@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Ingest the arXiv listings and metadata of past mailing dates.",
            "Each mailing date is checkpointed: rerun the same command after an interruption and only the "
                + "missing dates are fetched."})
final class BackfillCommand implements Callable<Integer> {
    /** Papers per mailing date of the default categories (2025-26 listings) when the database has no history. */
    static final double ASSUMED_PAPERS_PER_DATE = 1_500;
    /** X posts linking a paper, on average, when the database has no history (most papers have none). */
    static final double ASSUMED_POSTS_PER_PAPER = 0.5;
    /** Ranges longer than a month get an estimate first. */
    static final int ESTIMATE_ABOVE_DATES = 31;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", converter = DateConverter.class,
            description = "First mailing date, YYYY-MM-DD.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", converter = DateConverter.class,
            description = "Last mailing date, YYYY-MM-DD (default: the --from date).")
    LocalDate to;

    @Mixin
    CategoriesOption categories;

    @Option(names = "--no-social", description = "Skip tweet discovery and snapshots for the backfilled papers.")
    boolean noSocial;

    BackfillCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalDate last = to == null ? from : to;
        if (last.isBefore(from)) {
            throw new ParameterException(spec.commandLine(), "--to " + last + " is before --from " + from);
        }
        if (from.isBefore(BackfillService.FIRST_ANNOUNCEMENT)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is before arXiv's first announcement ("
                    + BackfillService.FIRST_ANNOUNCEMENT + "): there is nothing to backfill");
        }
        LocalDate today = MailingDates.today(context.clock());
        if (last.isAfter(today)) {
            throw new ParameterException(spec.commandLine(), "--to " + last + " is in the future (today is " + today
                    + " in US Eastern time)");
        }
        HotpapersConfig config = categories.apply(context);
        return context.withApp(config, app -> {
            printEstimate(app, last);
            SocialBackfill social = new SocialBackfill(app, noSocial);
            social.printSpendEstimate(app.backfill().estimate(from, last, app.categories(),
                    app.config().arxiv().minInterval()).dates());
            BackfillService.Summary summary = app.backfill().backfill(from, last, app.categories(),
                    (result, done, total, elapsed) -> {
                        progress(result, done, total, elapsed);
                        social.afterDate(result.mailingDate());
                    });
            if (context.stop().isRequested()) {
                int done = summary.completed() - (social.cut ? 1 : 0);
                context.err().printf("interrupted after %d of %d dates; run the same command again to resume%n",
                        done, summary.mailingDates());
                return context.stop().cause().orElseThrow().exitCode();
            }
            context.err().printf("backfill done: %d mailing date(s) from %s to %s (%d already done), %,d paper(s), "
                            + "%,d listing row(s), %,d skipped, in %s%n", summary.mailingDates(), from, last,
                    summary.alreadyDone(), summary.papers(), summary.listings(), summary.skipped(),
                    clock(summary.elapsed()));
            return social.finish();
        });
    }

    /**
     * The social part of a backfill: for every enabled source, one discovery (with its first snapshot) per date,
     * right after the arXiv part; each source is checkpointed on its own (its runs carry its name), and a source
     * that refuses (bad credentials) is left alone for the rest of the run while the others go on.
     */
    private final class SocialBackfill {
        private final App app;
        private final boolean skipped;
        private final Map<String, RuntimeException> refused = new LinkedHashMap<>();
        private int papers;
        private int posts;
        private long postsRead;
        private boolean budgetReached;
        /** Whether a stop cut the discovery of the last date short. */
        private boolean cut;

        /** Each priced source's lifetime spend before the backfill: the difference at the end is its cost. */
        private final Map<String, BigDecimal> spentBefore = new LinkedHashMap<>();

        SocialBackfill(App app, boolean skipped) {
            this.app = app;
            this.skipped = skipped;
            if (!skipped) {
                app.sources().stream().filter(source -> source.budget().monthlyBudget().isPresent())
                        .forEach(source -> spentBefore.put(source.source(), app.usage().lifetime(source.source())
                                .month()));
            }
            if (!skipped && app.social().isEmpty()) {
                context.err().println("backfill: X is off (no X_BEARER_TOKEN): tweets are not collected");
            }
        }

        void afterDate(LocalDate date) {
            if (skipped) {
                return;
            }
            for (App.Social source : app.sources()) {
                if (refused.containsKey(source.source())) {
                    continue;
                }
                if (context.stop().isRequested()) {
                    cut = true; // the date's arXiv part is stored; its discovery is left for the rerun
                    return;
                }
                discover(source, date);
            }
        }

        private void discover(App.Social source, LocalDate date) {
            boolean x = source.source().equals(XSource.NAME);
            try {
                source.discovery().discoverOnce(app.config().categories(), date).ifPresent(result -> {
                    cut = context.stop().isRequested();
                    if (x) {
                        // the closing "backfill social" line is X's: its tweets and its budget, no other source's
                        papers += result.papers();
                        posts += result.postsStored();
                        postsRead += result.postsRead();
                        budgetReached |= result.budgetExhausted();
                        context.err().printf("backfill %s: %,d tweet(s) found for %,d paper(s)%n", date,
                                result.postsStored(), result.papers());
                    } else {
                        context.err().printf("backfill %s: %,d %s post(s) found for %,d paper(s)%n", date,
                                result.postsStored(), source.source(), result.papers());
                    }
                });
            } catch (XAuthException | BlueskyAuthException e) {
                refused.put(source.source(), e); // stop asking this source for the rest of this run; the rest goes on
            }
        }

        /**
         * What discovery for {@code dates} mailing dates should cost, before it starts: papers per date and posts
         * per paper from this database's history (assumed when it has none), each post billed once and each of
         * its authors once (the worst case: no author stored yet).
         */
        void printSpendEstimate(int dates) {
            for (String source : spentBefore.keySet()) {
                App.Social social = app.sources().stream().filter(s -> s.source().equals(source)).findFirst()
                        .orElseThrow();
                PostStore.LinkHistory history = app.posts().linkHistory(source, app.config().categories());
                boolean known = history.dates() > 0 && history.papers() > 0;
                double papersPerDate = known ? (double) history.papers() / history.dates() : ASSUMED_PAPERS_PER_DATE;
                double postsPerPaper = known ? (double) history.posts() / history.papers() : ASSUMED_POSTS_PER_PAPER;
                long posts = Math.round(dates * papersPerDate * postsPerPaper);
                UsageStore.Prices prices = social.budget().prices();
                BigDecimal cost = prices.post().add(prices.user()).multiply(BigDecimal.valueOf(posts))
                        .setScale(2, RoundingMode.HALF_UP);
                context.err().printf("backfill estimate %s: about %,d post(s) for %,d mailing date(s) (%.0f papers "
                                + "per date, %.2f posts per paper, %s), at most %s with every author new; %s left of "
                                + "this month's budget %s%n", source, posts, dates, papersPerDate, postsPerPaper,
                        known ? "from this database" : "assumed: no history yet", cost.toPlainString(),
                        social.budget().remainingThisMonth().orElse(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP)
                                .toPlainString(),
                        social.budget().monthlyBudget().orElseThrow().toPlainString());
            }
        }

        int finish() {
            spentBefore.forEach((source, before) -> context.err().printf("backfill spend %s: %s (this month so far "
                            + "%s)%n", source, app.usage().lifetime(source).month().subtract(before)
                            .setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    app.sources().stream().filter(s -> s.source().equals(source)).findFirst().orElseThrow()
                            .budget().spend().month().setScale(2, RoundingMode.HALF_UP).toPlainString()));
            refused.values().forEach(e -> context.err().println("hotpapers backfill: " + e.getMessage()));
            if (!refused.isEmpty()) {
                return Cli.FAILURE;
            }
            app.social().ifPresent(social -> context.err().printf(
                    "backfill social: %,d tweet(s) for %,d paper(s); %,d post(s) read, %,d of %,d used this month%s%n",
                    posts, papers, postsRead, social.budget().usedThisMonth(), social.budget().monthlyCap(),
                    budgetReached ? " (monthly budget reached: rerun next month or raise X_MONTHLY_BUDGET)" : ""));
            return Cli.OK;
        }
    }

    /** A long range says first what it will take, so that an operator can stop it before it starts. */
    private void printEstimate(App app, LocalDate last) {
        Duration interval = app.config().arxiv().minInterval();
        BackfillService.Estimate estimate = app.backfill().estimate(from, last, app.categories(), interval);
        if (estimate.dates() <= ESTIMATE_ABOVE_DATES) {
            return;
        }
        context.err().printf("backfill estimate: %,d mailing date(s) from %s to %s, %,d still to do: at least %,d "
                        + "arXiv request(s), at least %s at ARXIV_MIN_INTERVAL %s (more for over %,d papers a query%s)%n",
                estimate.dates(), from, last, estimate.toDo(), estimate.requests(), clock(estimate.atLeast()), interval,
                ArxivClient.MAX_PAGE_SIZE, noSocial || app.social().isEmpty() ? "" : "; X discovery adds its own");
    }

    private void progress(BackfillService.DateResult result, int done, int total, Duration elapsed) {
        PrintWriter err = context.err();
        Duration eta = elapsed.multipliedBy(total - done).dividedBy(done);
        if (result.alreadyDone()) {
            err.printf("backfill %s: already done (%d/%d dates)%n", result.mailingDate(), done, total);
        } else {
            err.printf("backfill %s: %,d paper(s), %,d listing row(s), %,d skipped (%d/%d dates, ETA %s)%n",
                    result.mailingDate(), result.papers(), result.listings(), result.skipped(), done, total,
                    clock(eta));
        }
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

}
