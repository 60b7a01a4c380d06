package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.DatabaseStatus;
import java.io.PrintWriter;
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
            app.social().ifPresent(social -> context.out().printf("x posts     %,d of %,d read this month%n",
                    social.budget().usedThisMonth(), social.budget().monthlyCap()));
            context.out().printf("last digest %s%n", app.digests().latest()
                    .map(digest -> digest.mailingDate() + " (generated " + digest.generatedAt() + ")")
                    .orElse("none yet"));
            return Cli.OK;
        });
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
        for (Map.Entry<String, Long> count : status.rowCounts().entrySet()) {
            out.printf("  %-16s %,d%n", count.getKey(), count.getValue());
        }
    }
}
