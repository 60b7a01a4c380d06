package io.hotpapers.scheduler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code hotpapers} command; it only dispatches to its subcommands. */
@Command(name = "hotpapers",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Which new arXiv papers are people talking about? Ingests daily arXiv listings, records "
                + "their engagement on X as snapshots in PostgreSQL, and writes ranked daily digests.",
        footer = {"", "Configuration comes from environment variables or $HOTPAPERS_HOME/hotpapers.properties; "
                + "see README.md."})
final class HotpapersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
