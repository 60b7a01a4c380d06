package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.digest.DigestService;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers digest delete --date D}: removes a date's stored digests and files, and rewrites the feed. */
@Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Delete the stored digests of a mailing date and its post and JSON, and rewrite the Atom "
                + "feed without it.", "Prints each file removed or rewritten."})
final class DigestDeleteCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "DATE", converter = DateConverter.class,
            description = "Mailing date, YYYY-MM-DD.")
    LocalDate date;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory the digest was written to (default: $HOTPAPERS_HOME/digests).")
    Path out;

    DigestDeleteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        HotpapersConfig config = context.config();
        Path directory = out == null ? config.digestDirectory() : out;
        return context.withApp(config, app -> {
            DigestService.Deleted deleted = app.digests().delete(date, directory);
            if (!deleted.any()) {
                throw new ParameterException(spec.commandLine(), "no digest of " + date + " is stored and "
                        + directory + " holds none of its files");
            }
            deleted.files().forEach(file -> context.out().println(file));
            deleted.rewrittenFeed().ifPresent(feed -> context.out().println(feed));
            context.err().printf("digest %s: deleted %d stored digest(s) and %d file(s)%s%n", date,
                    deleted.storedDigests(), deleted.files().size(),
                    deleted.rewrittenFeed().map(feed -> "; rewrote " + feed.getFileName() + " without it").orElse(""));
            return Cli.OK;
        });
    }
}
