package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.InvalidSettingException;
import io.hotpapers.core.paper.MailingDates;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers backfill}: ingests the listings, metadata and engagement of past mailing dates. */
@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Ingest the arXiv listings of past mailing dates (and their engagement), resumably.")
final class BackfillCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", converter = DateConverter.class,
            description = "First mailing date, YYYY-MM-DD.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", converter = DateConverter.class,
            description = "Last mailing date, YYYY-MM-DD (default: the --from date).")
    LocalDate to;

    @Option(names = "--categories", paramLabel = "CATS",
            description = "Comma-separated arXiv categories or archives (default: HOTPAPERS_CATEGORIES).")
    String categories;

    @Option(names = "--no-social", description = "Skip tweet discovery and snapshots for the backfilled papers.")
    boolean noSocial;

    BackfillCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalDate last = to == null ? from : to;
        if (last.isBefore(from)) {
            throw new ParameterException(spec.commandLine(), "--to " + last + " is before --from " + from);
        }
        LocalDate today = MailingDates.today(context.clock());
        if (last.isAfter(today)) {
            throw new ParameterException(spec.commandLine(), "--to " + last + " is in the future (today is " + today
                    + " in US Eastern time)");
        }
        List<String> chosen = categories == null ? context.config().categories() : parseCategories();
        return NotBuiltYet.report(context, "backfill", "ingesting " + from + " to " + last + " for "
                + String.join(",", chosen));
    }

    private List<String> parseCategories() {
        try {
            return context.taxonomy().parseList("--categories", categories);
        } catch (InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
