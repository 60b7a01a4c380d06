package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.DatabaseStatus;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.core.post.RateLimitWindow;
import io.hotpapers.core.text.Terminal;
import io.hotpapers.scheduler.App;
import io.hotpapers.social.SourceStatus;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.DaemonJob;
import io.hotpapers.scheduler.delivery.DeliveryStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code hotpapers status}: the database in use, its schema version and row counts. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the database in use (never its password), the schema version and row counts.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    private static final int DELIVERIES_SHOWN = 20;
    private static final int WATCHLISTS_SHOWN = 10;

    @Override
    public Integer call() {
        HotpapersConfig config = context.config();
        return context.withApp(config, app -> {
            print(config, app.database().status());
            app.database().embeddedConnection().ifPresent(connection -> context.out().printf(
                    "psql        %s  (or: hotpapers db psql; the port holds while the server runs,"
                            + " see hotpapers db start)%n", connection.psqlCommand()));
            app.sourceStatuses().forEach(this::printSource);
            // each enabled source's spend and budget, and whether the budget left the last digest inexact
            SpendLines.print(context.out(), app);
            context.out().printf("last digest %s%n", app.digests().latest()
                    .map(digest -> digest.mailingDate() + " (generated " + digest.generatedAt() + ")")
                    .orElse("none yet"));
            printWatchlists(app);
            printDeliveries(app);
            printJobs(app);
            printJobHealth(app);
            return Cli.OK;
        });
    }

    /** How many watchlists there are, and the first ones with the date of their latest digest; none, nothing. */
    private void printWatchlists(App app) {
        Map<String, LocalDate> latest = app.watchlistDigests().watchlists().latestDigests();
        if (latest.isEmpty()) {
            return;
        }
        String shown = latest.entrySet().stream().limit(WATCHLISTS_SHOWN)
                .map(watchlist -> watchlist.getKey() + " (" + (watchlist.getValue() == null ? "no digest yet"
                        : "last digest " + watchlist.getValue()) + ")")
                .collect(Collectors.joining(", "));
        context.out().printf("watchlists  %d: %s%s%n", latest.size(), shown,
                latest.size() > WATCHLISTS_SHOWN ? ", …" : "");
    }

    /** Configured channels, then each delivery still pending or given up, with its last error. */
    private void printDeliveries(App app) {
        List<String> channels = app.config().delivery().channels();
        if (channels.isEmpty()) {
            return;
        }
        List<DeliveryStore.Open> open = app.deliveries().open(DELIVERIES_SHOWN);
        context.out().printf("deliveries  %s: %s%n", String.join(", ", channels), open.isEmpty()
                ? "nothing pending or failed" : open.size() + (open.size() == DELIVERIES_SHOWN ? "+" : "")
                + " pending or failed");
        DeliverySettings.Mail mail = app.config().delivery().mail();
        if (mail != null && !mail.hasGlobalRecipients()) {
            List<String> nobody = app.watchlistsMailingNobody();
            context.out().printf("  email: the daily digest is not e-mailed (HOTPAPERS_MAIL_TO is not set)%s%n",
                    nobody.isEmpty() ? "" : "; watchlist(s) naming e-mail without --mail-to reach nobody: "
                            + Terminal.text(String.join(", ", nobody), 200));
        }
        for (DeliveryStore.Open delivery : open) {
            context.out().printf("  %s %-7s %-8s %-10s %d attempt(s)%s%n", delivery.mailingDate(), delivery.channel(),
                    delivery.watchlist().isEmpty() ? "daily" : delivery.watchlist(), delivery.status(),
                    delivery.attempts(), delivery.lastError() == null ? ""
                            : ": " + Terminal.text(delivery.lastError(), 200));
        }
    }

    /**
     * One source: its budget line (X's as before), then requests, last success and each rate-limit window, from
     * what every process on the database recorded.
     */
    private void printSource(SourceStatus status) {
        PrintWriter out = context.out();
        SourceStatus.Report report = status.report();
        // a source that does not bill reads (Hacker News) has no cap to show
        if (report.monthlyCap() == Long.MAX_VALUE) {
            out.printf("%-11s %,d read this month (no monthly cap)%n", report.source() + " posts", report.postsRead());
        } else {
            out.printf("%-11s %,d of %,d read this month%n", report.source() + " posts", report.postsRead(),
                    report.monthlyCap());
        }
        out.printf("  %,d request(s) this month; last success %s%n", report.requests(),
                report.lastSuccess() == null ? "never" : report.lastSuccess().toString());
        for (RateLimitWindow window : report.rateLimits()) {
            String state = window.remaining() > 0 || !window.reset().isAfter(context.clock().instant())
                    ? "ok" : "exhausted until " + window.reset();
            out.printf("  rate limit %s: %,d%s left, resets %s (%s; seen %s)%n", Terminal.text(window.endpoint(), 80),
                    window.remaining(), window.limit() < 0 ? "" : String.format(" of %,d", window.limit()),
                    window.reset(), state, window.seenAt());
        }
    }

    private void printJobs(App app) {
        PrintWriter out = context.out();
        LocalDate latest = app.jobs().latestAnnounced();
        String newest = app.listingStore().newestMailingDate(app.config().categories())
                .map(date -> date + (date.isBefore(latest) ? " (behind: " + latest + " is announced)" : " (up to date)"))
                .orElse("none yet");
        out.printf("newest mailing date stored  %s%n", newest);
        MetadataAttemptStore.OwedMetadata owed = app.metadataAttempts().owedCount(app.config().categories());
        out.printf("metadata owed  %,d listed paper(s)%s%n", owed.owed(), owed.givenUp() == 0 ? ""
                : String.format(" (%,d more not returned by arXiv after every attempt: permanent skips)",
                        owed.givenUp()));
        Map<String, Instant> next = app.schedulerState().nextFireTimes();
        int daemons = app.schedulerState().liveDaemons();
        out.printf("daemons     %s%n", daemons == 0 ? "none running" : daemons + " running (clustered)");
        out.println("jobs (last run, next run)");
        List<DaemonJob> jobs = app.jobs().daemonJobs();
        int width = jobWidth(jobs);
        for (DaemonJob job : jobs) {
            Optional<IngestRun> run = app.jobs().lastRun(job);
            out.printf("  %-" + width + "s %-46s %s%n", job.name(),
                    run.map(last -> last.status().wireName() + " " + last.startedAt()).orElse("never"),
                    daemons > 0 && next.containsKey(job.name()) ? "next " + next.get(job.name()) : "-");
        }
        List<IngestRun> failures = app.runs().recentFailures(3);
        if (!failures.isEmpty()) {
            out.println("last errors");
            failures.forEach(run -> out.printf("  %s %s %s: %s%n", run.startedAt(), run.job(), run.scope(),
                    run.error()));
        }
    }

    /** The same per-job judgement as the daemon's /health: ok, overdue or failed, with last success and error. */
    private void printJobHealth(App app) {
        PrintWriter out = context.out();
        List<DaemonJob> jobs = app.jobs().daemonJobs();
        List<JobHealth.JobState> states = new JobHealth(app.config().daemon(), jobs)
                .assess(app.jobOutcomes().all(), app.clock().instant());
        if (states.isEmpty()) {
            out.println("job health  no daemon has run yet");
            return;
        }
        List<String> degraded = states.stream().filter(state -> state.state() != JobHealth.State.OK)
                .map(state -> state.job().name() + " (" + state.state().wireName() + ")").toList();
        out.printf("job health  %s%n", degraded.isEmpty() ? "ok" : "degraded: " + String.join(", ", degraded));
        int width = jobWidth(jobs);
        for (JobHealth.JobState state : states) {
            out.printf("  %-" + width + "s %-8s %s%n", state.job().name(), state.state().wireName(),
                    jobHealthDetail(state));
        }
    }

    /** Job names in one column: at least as wide as before per-source jobs, so X-only output keeps its look. */
    private static int jobWidth(List<DaemonJob> jobs) {
        return Math.max(10, jobs.stream().mapToInt(job -> job.name().length()).max().orElse(0));
    }

    private static String jobHealthDetail(JobHealth.JobState state) {
        String detail = "last success " + (state.lastSuccess() == null ? "never" : state.lastSuccess().toString());
        if (state.state() == JobHealth.State.OVERDUE) {
            detail += ", overdue since " + state.overdueAt();
        }
        if (state.lastError() != null) {
            detail += "; last error " + state.lastFailure() + ": " + state.lastError();
        }
        return detail;
    }

    private void print(HotpapersConfig config, DatabaseStatus status) {
        PrintWriter out = context.out();
        out.printf("hotpapers   %s%n", VersionProvider.version());
        out.printf("home        %s%n", config.home());
        out.printf("database    %s%n", status.database());
        out.printf("server      PostgreSQL %s%n", status.serverVersion());
        out.printf("schema      version %s%n", status.schemaVersion());
        out.printf("categories  %s%n", String.join(", ", config.categories()));
        out.printf("x api       %s%n", config.x().enabled()
                ? "token set" + (config.x().fullArchive() ? ", full-archive search" : ", recent search only")
                : "off (no X_BEARER_TOKEN)");
        out.println("rows");
        int width = status.rowCounts().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> count : status.rowCounts().entrySet()) {
            out.printf("  %-" + width + "s %,d%n", count.getKey(), count.getValue());
        }
    }
}
