package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.site.SiteGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers site}: renders the web site of the stored digests into a directory. */
@Command(name = "site", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Render the web site from the database: an index, a page and a JSON file per stored digest, "
            + "a page per paper that was in a digest, a page and an Atom feed per category, an overall feed and a "
            + "sitemap.",
            "Incremental: only pages whose data changed are rewritten; the same data give identical files."})
final class SiteCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory of the site (default: $HOTPAPERS_HOME/site).")
    Path out;

    SiteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path directory = (out != null ? out : context.config().siteDirectory()).toAbsolutePath();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "--out " + directory + " is a file, not a directory");
        }
        return context.withApp(context.config(), app -> {
            SiteGenerator.Report report = app.site().generate(directory);
            context.out().println(directory.resolve("index.html"));
            context.err().println("site " + directory + ": " + report.written() + " file(s) written, "
                    + report.unchanged() + " unchanged, " + report.removed() + " removed");
            return Cli.OK;
        });
    }
}
