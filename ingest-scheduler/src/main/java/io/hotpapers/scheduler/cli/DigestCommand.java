package io.hotpapers.scheduler.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers digest}: writes the ranked "Hot Papers" digest of one mailing date. */
@Command(name = "digest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write the ranked digest of one mailing date as Markdown, JSON and/or Atom.")
final class DigestCommand implements Callable<Integer> {

    /** The digest outputs. */
    enum Format { MD, JSON, ATOM }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "DATE", converter = DateConverter.class,
            description = "Mailing date, YYYY-MM-DD.")
    LocalDate date;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "Comma-separated outputs: ${COMPLETION-CANDIDATES} (default: all).")
    List<Format> formats;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: $HOTPAPERS_HOME/digests).")
    Path out;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Count engagement as it stood at this instant (default: now).")
    Instant asOf;

    DigestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        EnumSet<Format> chosen = formats == null || formats.isEmpty() ? EnumSet.allOf(Format.class)
                : EnumSet.copyOf(formats);
        Path directory = out == null ? context.config().digestDirectory() : out;
        checkWritableDirectory(directory);
        if (asOf != null && asOf.isAfter(context.clock().instant())) {
            throw new ParameterException(spec.commandLine(), "--as-of " + asOf + " is in the future");
        }
        return NotBuiltYet.report(context, "digest", "the " + chosen.toString().toLowerCase(Locale.ROOT)
                + " digest of " + date);
    }

    private void checkWritableDirectory(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "--out " + directory + " is a file, not a directory");
        }
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new ParameterException(spec.commandLine(), "--out " + directory + " is not writable");
        }
    }
}
