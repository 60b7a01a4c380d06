package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.ConfigException;
import io.hotpapers.core.db.DatabaseException;
import io.hotpapers.core.http.RemoteServiceException;
import io.hotpapers.core.run.StopSignal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds the {@code hotpapers} command line and maps outcomes to exit codes: 0 ok, 1 runtime failure,
 * 2 usage error (bad option or setting), 130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM, each
 * outcome reported in one line.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** 128 + SIGINT, as shells report a process ended by Ctrl-C. */
    public static final int INTERRUPTED = 130;
    /** 128 + SIGTERM. */
    public static final int TERMINATED = 143;

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /** Makes Ctrl-C and SIGTERM stop commands at their next unit of work (see {@link StopSignals}). */
    public static void installSignalHandlers(StopSignal stop) {
        StopSignals.install(stop);
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(CliContext context, String... args) {
        int exit = commandLine(context).execute(args);
        // a command of one unit (digest, status, ...) finishes it; its exit code still says it was signalled
        return exit == OK ? signal(context).map(StopSignal.Cause::exitCode).orElse(OK) : exit;
    }

    /** The signal (or JVM shutdown) that asked this process to stop, if any; a daemon's own stop is none. */
    static Optional<StopSignal.Cause> signal(CliContext context) {
        return context.stop().cause().filter(cause -> cause.name().startsWith("SIG") || cause.name().equals("shutdown"));
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine root = new CommandLine(new HotpapersCommand());
        root.addSubcommand("daemon", new DaemonCommand(context));
        root.addSubcommand("backfill", new BackfillCommand(context));
        root.addSubcommand("digest", new CommandLine(new DigestCommand(context))
                .addSubcommand("list", new DigestListCommand(context))
                .addSubcommand("delete", new DigestDeleteCommand(context)));
        root.addSubcommand("trends", new CommandLine(new TrendsCommand())
                .addSubcommand("paper", new TrendsCommand.PaperTrend(context))
                .addSubcommand("top", new TrendsCommand.Top(context))
                .addSubcommand("categories", new TrendsCommand.Categories(context)));
        root.addSubcommand("db", new CommandLine(new DbCommand())
                .addSubcommand("migrate", new MigrateCommand(context))
                .addSubcommand("psql", new DbCommand.Psql(context))
                .addSubcommand("start", new DbCommand.Start(context))
                .addSubcommand("stop", new DbCommand.Stop(context)));
        root.addSubcommand("site", new SiteCommand(context));
        root.addSubcommand("serve", new ServeCommand(context));
        root.addSubcommand("deliver", new DeliverCommand(context));
        root.addSubcommand("watch", new CommandLine(new WatchCommand())
                .addSubcommand("add", new WatchCommand.Add(context))
                .addSubcommand("list", new WatchCommand.ListWatchlists(context))
                .addSubcommand("remove", new WatchCommand.Remove(context)));
        root.addSubcommand("status", new StatusCommand(context));
        root.addSubcommand("help", new CommandLine.HelpCommand());
        root.setOut(context.out());
        root.setErr(context.err());
        root.setExecutionExceptionHandler(new FailureHandler(context));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        return root;
    }

    /** Turns exceptions from commands into one readable line and the right exit code. */
    private static final class FailureHandler implements IExecutionExceptionHandler {
        private final CliContext context;

        FailureHandler(CliContext context) {
            this.context = context;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) throws Exception {
            if (e instanceof ParameterException usage) {
                // validation inside a command is misuse like any bad option: reason, usage, exit 2
                return command.getParameterExceptionHandler()
                        .handleParseException(usage, parsed.originalArgs().toArray(String[]::new));
            }
            String name = command.getCommandSpec().qualifiedName();
            Optional<StopSignal.Cause> signal = signal(context);
            if (signal.isPresent()) {
                // a failure after Ctrl-C or SIGTERM is the stop's doing (a wait or a request cut short)
                LOG.debug("Failure after a stop request", e);
                context.err().println(name + ": interrupted; run the same command again to resume");
                return signal.get().exitCode();
            }
            if (e instanceof ConfigException) {
                context.err().println(name + ": invalid setting: " + e.getMessage());
                context.err().println("See 'hotpapers --help' and the configuration table in README.md.");
                return USAGE;
            }
            if (e instanceof RemoteServiceException) {
                LOG.debug("Remote service failure", e);
                context.err().println(name + ": failed: " + e.getMessage());
                return FAILURE;
            }
            if (e instanceof DatabaseException) {
                LOG.debug("Database failure", e);
                context.err().println(name + ": database error: " + e.getMessage());
                return FAILURE;
            }
            LOG.error("Unexpected failure in {}", name, e);
            context.err().println(name + ": failed: " + e);
            return FAILURE;
        }
    }
}
