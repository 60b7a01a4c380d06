package io.hotpapers.scheduler.cli;

import io.hotpapers.core.db.MigrationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hotpapers db migrate}: applies pending schema migrations; a no-op when the schema is current. */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Apply pending schema migrations (also done on every start). Re-running is a no-op.")
final class MigrateCommand implements Callable<Integer> {
    private final CliContext context;

    MigrateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return context.withApp(context.config(), app -> {
            MigrationReport report = app.migration();
            context.out().printf("%s: applied %d migration(s); schema is at version %s%n",
                    app.database().describe(), report.applied(), report.schemaVersion());
            return Cli.OK;
        });
    }
}
