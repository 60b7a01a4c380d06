package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.config.MailAddresses;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.core.watch.WatchlistStore;
import io.hotpapers.scheduler.delivery.EmailChannel;
import io.hotpapers.scheduler.delivery.MailRecipients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hotpapers watch add|list|remove}: the named watchlists (keywords, authors, categories, a minimum score and
 * the configured channels their daily digest goes to), kept in the database so every node of a cluster sees them.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Manage watchlists: each gets its own daily digest (Markdown, JSON, Atom, a site section) "
                + "of the papers matching its keywords (title and abstract, whole words, \"phrases\", word*), "
                + "authors (initials match) or categories, at its own minimum score (default 0: every match).",
            "Subcommands: add, list, remove."})
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add, list or remove");
    }

    /** Splits a comma-separated list; a double-quoted item may hold commas; blank items are dropped. */
    static List<String> items(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            StringBuilder item = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    addItem(items, item);
                    item.setLength(0);
                } else {
                    item.append(c);
                }
            }
            addItem(items, item);
        }
        return items;
    }

    private static void addItem(List<String> items, StringBuilder item) {
        String text = item.toString().strip();
        if (!text.isEmpty()) {
            items.add(text);
        }
    }

    /** {@code watch add NAME …}: adds a watchlist, or replaces one with {@code --replace}. */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Add a watchlist. Lists are comma-separated; quote a phrase that holds a comma.")
    static final class Add implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME",
                description = "1 to 64 lower-case letters, digits, '-' or '_' (it names files and site pages).")
        String name;

        @Option(names = "--keywords", paramLabel = "LIST",
                description = "Words or \"exact phrases\" matched on title and abstract; word* matches endings.")
        List<String> keywords = new ArrayList<>();

        @Option(names = "--authors", paramLabel = "LIST",
                description = "Author names (\"Y. LeCun\" matches Yann LeCun; accents are ignored).")
        List<String> authors = new ArrayList<>();

        @Option(names = "--categories", paramLabel = "LIST", description = "arXiv categories, e.g. cs.LG,stat.ML.")
        List<String> categories = new ArrayList<>();

        @Option(names = "--min-score", paramLabel = "N", defaultValue = "0",
                description = "Lowest score listed (default: ${DEFAULT-VALUE}, every matching paper).")
        long minScore;

        @Option(names = "--to", paramLabel = "CHANNELS",
                description = "Configured channels its digest goes to: email, slack, discord, webhook (default: "
                        + "none; the digest is still written and on the site).")
        List<String> to = new ArrayList<>();

        @Option(names = "--mail-to", paramLabel = "ADDRESSES",
                description = "Its own e-mail recipients (bare addresses, at most " + Watchlist.MAX_RECIPIENTS
                        + "), instead of HOTPAPERS_MAIL_TO; implies --to email. Needs the SMTP settings.")
        List<String> mailTo = new ArrayList<>();

        @Option(names = "--replace", description = "Replace the watchlist of this name if there is one.")
        boolean replace;

        Add(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Watchlist watchlist;
            List<String> recipients = recipients();
            List<String> channels = new ArrayList<>(items(to));
            if (!recipients.isEmpty() && !channels.contains(EmailChannel.NAME)) {
                channels.add(EmailChannel.NAME);
            }
            try {
                watchlist = new Watchlist(name, items(keywords), items(authors), items(categories), minScore,
                        channels, recipients);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            DeliverySettings.Mail mail = context.config().delivery().mail();
            if (!recipients.isEmpty() && mail == null) {
                // the SMTP server, sender and credentials come from the environment only
                throw new ParameterException(spec.commandLine(), "--mail-to needs e-mail delivery configured: set "
                        + "HOTPAPERS_SMTP_HOST and HOTPAPERS_SMTP_FROM");
            }
            if (EmailChannel.reachesNobody(mail, channels, recipients)) {
                throw new ParameterException(spec.commandLine(), "--to email: HOTPAPERS_MAIL_TO is not set, so "
                        + "this watchlist's e-mail would reach nobody: name its recipients with --mail-to");
            }
            List<String> configured = context.config().delivery().channels();
            return context.withApp(context.config(), app -> {
                WatchlistStore.Saved saved = app.watchlistDigests().watchlists().save(watchlist, replace);
                switch (saved) {
                    case EXISTS -> throw new ParameterException(spec.commandLine(), "watchlist " + name
                            + " exists (--replace replaces it, 'watch remove " + name + "' removes it)");
                    case FULL -> throw new ParameterException(spec.commandLine(), "there are "
                            + WatchlistStore.MAX_WATCHLISTS + " watchlists already, the most kept; remove one first");
                    default -> context.out().println("watchlist " + name + " "
                            + (saved == WatchlistStore.Saved.ADDED ? "added" : "replaced")
                            + (recipients.isEmpty() ? "" : ", e-mail to " + recipients.size() + " recipient(s) of its"
                                    + " own"));
                }
                watchlist.channels().stream().filter(channel -> !configured.contains(channel))
                        .forEach(channel -> context.err().println("note: channel " + channel + " is not configured"
                                + " in this process; the digest goes there once it is"));
                return Cli.OK;
            });
        }

        /** The --mail-to addresses, bounded and each strictly parsed (exit 2 on the first refused). */
        private List<String> recipients() {
            if (mailTo.isEmpty()) {
                return List.of();
            }
            // bound the input before splitting it: a list far past the limit is refused unread
            int length = mailTo.stream().mapToInt(String::length).sum();
            if (length > Watchlist.MAX_RECIPIENTS * (MailAddresses.MAX_LENGTH + 1)) {
                throw new ParameterException(spec.commandLine(), "--mail-to: at most " + Watchlist.MAX_RECIPIENTS
                        + " addresses of at most " + MailAddresses.MAX_LENGTH + " characters");
            }
            List<String> addresses = mailTo.stream().flatMap(value -> Arrays.stream(value.split(",", -1)))
                    .map(String::strip).filter(address -> !address.isEmpty()).toList();
            try {
                MailRecipients.parse(addresses);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--mail-to: " + e.getMessage());
            }
            return addresses;
        }
    }

    /** {@code watch list}: the watchlists and the date of each one's latest digest. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Show the watchlists.")
    static final class ListWatchlists implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--format", paramLabel = "FMT", defaultValue = "table",
                description = "table, csv or json (default: ${DEFAULT-VALUE}).")
        OutputFormat format;

        ListWatchlists(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return context.withApp(context.config(), app -> {
                WatchlistStore store = app.watchlistDigests().watchlists();
                Map<String, java.time.LocalDate> latest = store.latestDigests();
                Tabular table = new Tabular("name", "keywords", "authors", "categories", "min_score", "to",
                        "mail_to", "last_digest");
                for (Watchlist watchlist : store.all()) {
                    java.time.LocalDate last = latest.get(watchlist.name());
                    table.add(watchlist.name(), quoted(watchlist.keywords()), String.join("; ", watchlist.authors()),
                            String.join(",", watchlist.categories()), watchlist.minScore(),
                            String.join(",", watchlist.channels()), String.join(",", watchlist.mailTo()),
                            last == null ? "" : last.toString());
                }
                if (table.isEmpty() && format == OutputFormat.TABLE) {
                    context.err().println("no watchlist yet; add one with: hotpapers watch add NAME --keywords ...");
                } else {
                    table.print(context.out(), format, new ObjectMapper());
                }
                return Cli.OK;
            });
        }

        /** Keywords as {@code watch add} takes them: a phrase in quotes. */
        private static String quoted(List<String> keywords) {
            return String.join(",", keywords.stream()
                    .map(keyword -> keyword.contains(" ") || keyword.contains(",") ? "\"" + keyword + "\"" : keyword)
                    .toList());
        }
    }

    /** {@code watch remove NAME}: removes a watchlist; its past digests stay stored. */
    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Remove a watchlist (its digests written so far stay).")
    static final class Remove implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The watchlist's name.")
        String name;

        Remove(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!Watchlist.isName(name)) {
                throw new ParameterException(spec.commandLine(), "not a watchlist name: 1 to 64 lower-case letters, "
                        + "digits, '-' or '_'");
            }
            return context.withApp(context.config(), app -> {
                if (!app.watchlistDigests().watchlists().remove(name)) {
                    throw new ParameterException(spec.commandLine(), "no watchlist named " + name
                            + " (see 'hotpapers watch list')");
                }
                context.out().println("watchlist " + name + " removed");
                return Cli.OK;
            });
        }
    }
}
