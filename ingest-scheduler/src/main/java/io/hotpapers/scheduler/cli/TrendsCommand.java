package io.hotpapers.scheduler.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hotpapers trends}: engagement trends of papers and categories. */
@Command(name = "trends", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Query engagement trends: 'trends paper ID', 'trends top', 'trends categories'.")
final class TrendsCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "What to show (not built yet).")
    List<String> arguments;

    TrendsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return NotBuiltYet.report(context, "trends", "engagement trend queries");
    }
}
