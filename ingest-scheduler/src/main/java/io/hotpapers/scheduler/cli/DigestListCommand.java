package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.StoredDigest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers digest list}: the stored digests, newest mailing date first. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the stored digests: mailing date, engagement cutoff, papers listed, when generated.")
final class DigestListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most N digests (default: ${DEFAULT-VALUE}).")
    int limit;

    DigestListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        return context.withApp(context.config(), app -> {
            List<StoredDigest> stored = app.digests().stored(limit);
            Tabular table = new Tabular("mailing_date", "cutoff", "papers", "generated_at");
            stored.forEach(digest -> table.add(digest.mailingDate().toString(), digest.cutoff().toString(),
                    digest.entries().size(), digest.generatedAt().toString()));
            if (table.isEmpty() && format == OutputFormat.TABLE) {
                context.err().println("no digest stored yet; write one with: hotpapers digest --date YYYY-MM-DD");
            } else {
                table.print(context.out(), format, new ObjectMapper());
            }
            return Cli.OK;
        });
    }
}
