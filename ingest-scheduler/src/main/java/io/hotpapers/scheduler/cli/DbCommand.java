package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.db.EmbeddedConnection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
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
        throw new ParameterException(spec.commandLine(),
                "missing subcommand (try 'hotpapers db migrate', 'db psql', 'db start' or 'db stop')");
    }

    /** The embedded settings, or exit 2: the commands below manage the embedded server only. */
    private static DatabaseSettings.Embedded embedded(CommandSpec spec, HotpapersConfig config) {
        if (config.database() instanceof DatabaseSettings.Embedded local) {
            return local;
        }
        throw new ParameterException(spec.commandLine(), spec.qualifiedName() + " works with the embedded"
                + " PostgreSQL only; HOTPAPERS_DB_URL points at " + config.database().describe());
    }

    private static void printConnection(CliContext context, EmbeddedConnection connection) {
        context.out().printf("connect     %s%n", connection.psqlCommand());
    }

    /** {@code hotpapers db start}: starts the embedded server and keeps it up after this command exits. */
    @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Start the embedded PostgreSQL and keep it running (for psql) until 'hotpapers db stop'.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        private final CliContext context;

        Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            HotpapersConfig config = context.config();
            embedded(spec, config);
            return context.withApp(config, app -> {
                app.database().keepEmbeddedRunning();
                EmbeddedConnection connection = app.database().embeddedConnection().orElseThrow();
                context.out().printf("embedded PostgreSQL runs on localhost:%d until 'hotpapers db stop'%n",
                        connection.port());
                printConnection(context, connection);
                return Cli.OK;
            });
        }
    }

    /** {@code hotpapers db stop}: stops the embedded server unless a hotpapers process still uses it. */
    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stop the embedded PostgreSQL kept by 'db start'; a running hotpapers process keeps it"
                    + " until it exits.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            HotpapersConfig config = context.config();
            DatabaseSettings.Embedded settings = embedded(spec, config);
            String message = switch (new Database(settings).stopEmbedded()) {
                case STOPPED -> "stopped the embedded PostgreSQL in " + settings.dataDirectory();
                case NOT_RUNNING -> "the embedded PostgreSQL in " + settings.dataDirectory() + " was not running";
                case IN_USE -> "left the embedded PostgreSQL running: a hotpapers process still uses it and stops it"
                        + " when it exits";
            };
            context.out().println(message);
            return Cli.OK;
        }
    }

    /** {@code hotpapers db psql}: opens psql on the hotpapers database of the embedded server. */
    @Command(name = "psql", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Open psql on the embedded database (starting the server for as long as psql runs).")
    static final class Psql implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PSQL_ARG", description = "More arguments for psql, after '--' "
                + "(e.g. -- -c 'SELECT count(*) FROM papers').")
        List<String> psqlArguments = new ArrayList<>();
        private final CliContext context;

        Psql(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            HotpapersConfig config = context.config();
            embedded(spec, config);
            Path psql = findOnPath("psql").orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "psql is not installed (not found on PATH); install the PostgreSQL client, e.g. 'apt install"
                            + " postgresql-client', or use 'hotpapers db start' and any PostgreSQL client"));
            return context.withApp(config, app -> {
                EmbeddedConnection connection = app.database().embeddedConnection().orElseThrow();
                List<String> command = new ArrayList<>();
                command.add(psql.toString());
                command.addAll(connection.psqlArguments());
                command.addAll(psqlArguments);
                ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
                builder.environment().put("PGPASSFILE", connection.passwordFile().toString());
                return runToEnd(builder);
            });
        }

        private int runToEnd(ProcessBuilder builder) {
            try {
                return builder.start().waitFor();
            } catch (IOException e) {
                context.err().println("db psql: cannot run " + builder.command().get(0) + ": " + e.getMessage());
                return Cli.FAILURE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Cli.FAILURE;
            }
        }

        private Optional<Path> findOnPath(String program) {
            String path = context.environment().getOrDefault("PATH", "");
            for (String directory : path.split(File.pathSeparator)) {
                if (directory.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }
}
