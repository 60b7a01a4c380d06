package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.HotpapersConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hotpapers daemon}: the long-running scheduler of all ingestion jobs. */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the scheduled ingestion jobs until stopped (SIGTERM or Ctrl-C).")
final class DaemonCommand implements Callable<Integer> {
    private final CliContext context;

    DaemonCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        HotpapersConfig config = context.config();
        // Preparing the database already pays off: the first run sets up the embedded server and schema.
        return context.withApp(config, app -> {
            context.err().printf("hotpapers daemon: database ready (%s, schema version %s)%n",
                    app.database().describe(), app.migration().schemaVersion());
            return NotBuiltYet.report(context, "daemon", "the scheduled ingestion jobs");
        });
    }
}
