package io.hotpapers.scheduler.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers db}: database maintenance; needs a subcommand. */
@Command(name = "db", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Database maintenance.")
final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (try 'hotpapers db migrate')");
    }
}
