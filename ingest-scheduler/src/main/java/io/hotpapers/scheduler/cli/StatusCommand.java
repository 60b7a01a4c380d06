package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.DatabaseStatus;
import io.hotpapers.core.paper.MetadataAttemptStore;
import io.hotpapers.scheduler.App;
import io.hotpapers.core.run.IngestRun;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.Task;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hotpapers status}: the database in use, its schema version and row counts. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the database in use (never its password), the schema version and row counts.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        HotpapersConfig config = context.config();
        return context.withApp(config, app -> {
            print(config, app.database().status());
            app.database().embeddedConnection().ifPresent(connection -> context.out().printf(
                    "psql        %s  (or: hotpapers db psql; the port holds while the server runs,"
                            + " see hotpapers db start)%n", connection.psqlCommand()));
            // each enabled source's spend and budget, and whether the budget left the last digest inexact
            SpendLines.print(context.out(), app);
            context.out().printf("last digest %s%n", app.digests().latest()
                    .map(digest -> digest.mailingDate() + " (generated " + digest.generatedAt() + ")")
                    .orElse("none yet"));
            printJobs(app);
            printJobHealth(app);
            return Cli.OK;
        });
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
        Map<String, IngestRun> last = new LinkedHashMap<>();
        app.runs().latestPerJob().forEach(run -> last.put(run.job(), run));
        for (Task task : Task.values()) {
            IngestRun run = last.get(task == Task.LISTING ? "listing" : task.jobName());
            out.printf("  %-10s %-46s %s%n", task.jobName(),
                    run == null ? "never" : run.status().wireName() + " " + run.startedAt(),
                    daemons > 0 && next.containsKey(task.name()) ? "next " + next.get(task.name()) : "-");
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
        List<JobHealth.JobState> states = new JobHealth(app.config().daemon())
                .assess(app.jobOutcomes().all(), app.clock().instant());
        if (states.isEmpty()) {
            out.println("job health  no daemon has run yet");
            return;
        }
        List<String> degraded = states.stream().filter(state -> state.state() != JobHealth.State.OK)
                .map(state -> state.task().jobName() + " (" + state.state().wireName() + ")").toList();
        out.printf("job health  %s%n", degraded.isEmpty() ? "ok" : "degraded: " + String.join(", ", degraded));
        for (JobHealth.JobState state : states) {
            out.printf("  %-10s %-8s %s%n", state.task().jobName(), state.state().wireName(), jobHealthDetail(state));
        }
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
