package io.hotpapers.scheduler.cli;

import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.core.watch.WatchlistDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hotpapers digest --date D}: writes the ranked "Hot Papers" digest of one mailing date; its subcommands
 * {@code list} and {@code delete} manage the stored digests.
 */
@Command(name = "digest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write the ranked digest of one mailing date as a Markdown post, JSON and an Atom feed.",
            "Score = the sum over sources of weight x (reposts + likes) over the original posts linking a paper "
                + "(SCORE_WEIGHTS, default 1 each; on X, reposts are retweets), each from its latest snapshot at "
                + "or before the cutoff.",
            "Subcommands: 'digest list' shows the stored digests, 'digest delete --date D' removes one."})
final class DigestCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    // not required = true: picocli would then demand it for 'digest list' and 'digest delete' too
    @Option(names = "--date", paramLabel = "DATE", converter = DateConverter.class,
            description = "Mailing date, YYYY-MM-DD (required unless a subcommand is given).")
    LocalDate date;

    @Option(names = "--force", description = "Also write the digest of a past date that is not an arXiv mailing date.")
    boolean force;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "Comma-separated outputs: md, json, atom (default: all).")
    List<DigestFormat> formats;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: $HOTPAPERS_HOME/digests).")
    Path out;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Count engagement as it stood at this instant (default: now).")
    Instant asOf;

    @Mixin
    CategoriesOption categories;

    @Option(names = "--announce-types", split = ",", paramLabel = "TYPES", converter = AnnounceTypeConverter.class,
            description = "Listings that count: new, cross, replace, replace-cross (default: new,cross,replace).")
    List<AnnounceType> announceTypes;

    @Option(names = "--min-score", paramLabel = "N", defaultValue = "" + DigestParameters.DEFAULT_MIN_SCORE,
            description = "Lowest paper score listed (default: ${DEFAULT-VALUE}).")
    int minScore;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "List at most N papers (default: all that qualify).")
    int limit;

    @Option(names = "--tweet-min-score", paramLabel = "N", defaultValue = "" + DigestParameters.DEFAULT_TWEET_MIN_SCORE,
            description = "Lowest score of an embedded tweet; the top tweet is always embedded (default: ${DEFAULT-VALUE}).")
    int tweetMinScore;

    @Option(names = "--max-tweets", paramLabel = "N", defaultValue = "" + DigestParameters.DEFAULT_MAX_TWEETS,
            description = "Most tweets embedded per paper (default: ${DEFAULT-VALUE}).")
    int maxTweets;

    @Option(names = "--trend", description = "Show a sparkline of each paper's engagement since its announcement.")
    boolean trend;

    @Option(names = "--watchlist", paramLabel = "NAME",
            description = "Write this watchlist's digest instead (its papers at its minimum score), into "
                    + "$HOTPAPERS_HOME/digests/watch/NAME unless --out is given.")
    String watchlist;

    DigestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (date == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--date=DATE' (or a subcommand: list, delete)");
        }
        if (minScore < 0 || limit < 0 || tweetMinScore < 0 || maxTweets < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--min-score, --limit and --tweet-min-score must not be negative, --max-tweets at least 1");
        }
        if (asOf != null && asOf.isAfter(context.clock().instant())) {
            throw new ParameterException(spec.commandLine(), "--as-of " + asOf + " is in the future");
        }
        if (watchlist != null && !Watchlist.isName(watchlist)) {
            throw new ParameterException(spec.commandLine(), "--watchlist: not a watchlist name (1 to 64 lower-case "
                    + "letters, digits, '-' or '_')");
        }
        if (watchlist != null && spec.commandLine().getParseResult().hasMatchedOption("--min-score")) {
            throw new ParameterException(spec.commandLine(), "--min-score does not go with --watchlist: the "
                    + "watchlist has its own (watch add " + watchlist + " --min-score N --replace)");
        }
        HotpapersConfig config = categories.apply(context);
        checkMailingDate(config);
        Path directory = out != null ? out : watchlist == null ? config.digestDirectory()
                : WatchlistDigests.directory(config.digestDirectory(), watchlist);
        checkWritableDirectory(directory);
        Set<DigestFormat> chosen = formats == null || formats.isEmpty() ? EnumSet.allOf(DigestFormat.class)
                : EnumSet.copyOf(formats);
        Set<AnnounceType> types = announceTypes == null || announceTypes.isEmpty()
                ? EnumSet.of(AnnounceType.NEW, AnnounceType.CROSS, AnnounceType.REPLACE) : EnumSet.copyOf(announceTypes);
        DigestParameters parameters = new DigestParameters(config.categories(), types, minScore, limit, tweetMinScore,
                maxTweets);
        return context.withApp(config, app -> {
            DigestService.Written written;
            if (watchlist == null) {
                written = app.digests().write(date, parameters, asOf, chosen, directory, trend);
            } else {
                Watchlist watched = app.watchlistDigests().watchlists().find(watchlist)
                        .orElseThrow(() -> new ParameterException(spec.commandLine(), "no watchlist named "
                                + watchlist + " (see 'hotpapers watch list')"));
                written = app.watchlistDigests().service(watched).write(date,
                        WatchlistDigests.parameters(parameters, watched), asOf, chosen, directory, trend);
            }
            written.files().forEach(file -> context.out().println(file));
            context.err().printf("digest %s: %d paper(s) of %d listed, engagement as of %s%n", date,
                    written.digest().entries().size(), written.digest().listed(), written.digest().cutoff());
            return Cli.OK;
        });
    }

    /** An empty post of a day arXiv announced nothing would go into the feed for good: refuse it. */
    private void checkMailingDate(HotpapersConfig config) {
        MailingCalendar calendar = MailingCalendar.withShippedHolidays(config.arxiv().extraHolidays());
        Optional<String> future = MailingDateCheck.future(date, calendar, context.clock());
        if (future.isPresent()) {
            throw new ParameterException(spec.commandLine(), future.get());
        }
        Optional<String> notMailing = MailingDateCheck.notMailing(date, calendar);
        if (notMailing.isPresent() && !force) {
            throw new ParameterException(spec.commandLine(), notMailing.get() + " (--force writes it anyway)");
        }
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
