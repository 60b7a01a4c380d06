package io.hotpapers.scheduler.cli;

import io.hotpapers.core.config.DeliverySettings;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.core.watch.WatchlistDigests;
import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.delivery.DeliveryService;
import io.hotpapers.scheduler.delivery.EmailChannel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hotpapers deliver --date D [--to email,slack,discord,webhook]}: sends a date's digest by hand, through the
 * same exactly-once queue as the daemon (a content already delivered to a channel is not sent again).
 */
@Command(name = "deliver", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Deliver a date's digest to the configured channels (e-mail, Slack, Discord, webhook), once "
                + "per channel and content; then send whatever else is due.")
final class DeliverCommand implements Callable<Integer> {
    private static final List<String> CHANNELS = List.of("email", "slack", "discord", "webhook");

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "DATE", converter = DateConverter.class,
            description = "The mailing date of the digest (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--to", split = ",", paramLabel = "CHANNEL",
            description = "Only these channels: email, slack, discord, webhook (default: every configured one).")
    List<String> to = new ArrayList<>();

    @Option(names = "--watchlist", paramLabel = "NAME",
            description = "Deliver this watchlist's digest instead, to its own channels unless --to is given.")
    String watchlist;

    DeliverCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        for (String channel : to) {
            if (!CHANNELS.contains(channel)) {
                throw new ParameterException(spec.commandLine(), "--to: unknown channel '" + channel
                        + "' (known: " + String.join(", ", CHANNELS) + ")");
            }
        }
        if (watchlist != null && !Watchlist.isName(watchlist)) {
            throw new ParameterException(spec.commandLine(), "--watchlist: not a watchlist name (1 to 64 lower-case "
                    + "letters, digits, '-' or '_')");
        }
        List<String> configured = context.config().delivery().channels();
        if (configured.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no delivery channel is configured: set "
                    + "HOTPAPERS_SMTP_HOST and HOTPAPERS_SMTP_FROM (e-mail; HOTPAPERS_MAIL_TO for the daily digest), "
                    + "HOTPAPERS_SLACK_WEBHOOK_URL, HOTPAPERS_DISCORD_WEBHOOK_URL or HOTPAPERS_WEBHOOK_URL");
        }
        for (String channel : to) {
            if (!configured.contains(channel)) {
                throw new ParameterException(spec.commandLine(), "--to " + channel + ": that channel is not "
                        + "configured (configured: " + String.join(", ", configured) + ")");
            }
        }
        if (watchlist == null && !mailsDailyDigest()) {
            List<String> others = (to.isEmpty() ? configured : to).stream()
                    .filter(channel -> !channel.equals(EmailChannel.NAME)).toList();
            if (others.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "the daily digest is not e-mailed: "
                        + "HOTPAPERS_MAIL_TO is not set (only watchlists with --mail-to are mailed)"
                        + (configured.size() > 1 ? "; pass --to with another channel" : ""));
            }
            if (to.isEmpty()) {
                context.err().println("note: the daily digest is not e-mailed: HOTPAPERS_MAIL_TO is not set");
            }
            to = others;
        }
        return context.withApp(context.config(), this::deliver);
    }

    /** Whether e-mail, when configured, has the daily digest's recipients ({@code HOTPAPERS_MAIL_TO}). */
    private boolean mailsDailyDigest() {
        DeliverySettings.Mail mail = context.config().delivery().mail();
        return mail == null || mail.hasGlobalRecipients();
    }

    private int deliver(App app) {
        DigestParameters parameters = DigestParameters.defaults(app.categories().configured());
        DeliveryService deliveries = app.deliveries();
        Map<String, Boolean> queued;
        if (watchlist == null) {
            // the daemon's digest of the date, as it was made; a date without one is ranked now, as `digest` would
            Digest digest = app.digests().make(date, parameters,
                    app.digests().latestCutoff(date, parameters).orElse(null));
            queued = deliveries.enqueue(digest, "", to);
        } else {
            queued = deliverWatchlist(app, parameters);
            if (queued.isEmpty()) {
                context.err().println("nothing queued: none of watchlist " + watchlist + "'s channels is configured"
                        + " in this process");
            }
        }
        queued.forEach((channel, isNew) -> context.out().println(channel + ": " + (isNew ? "queued"
                : "this content was queued before (sent, pending or failed: see `hotpapers status`)")));
        DeliveryService.Round round = deliveries.deliverDue();
        context.out().printf("%d sent, %d to retry, %d failed%n", round.sent(), round.retrying(), round.failed());
        deliveries.open(20).forEach(delivery -> context.err().printf("%s %s %s: %s after %d attempt(s)%s%n", delivery.mailingDate(),
                delivery.channel(), delivery.watchlist().isEmpty() ? "daily" : delivery.watchlist(), delivery.status(),
                delivery.attempts(), delivery.lastError() == null ? "" : ": " + delivery.lastError()));
        return round.retrying() + round.failed() == 0 ? Cli.OK : Cli.FAILURE;
    }

    /** Queues the watchlist's digest of the date (as the daemon made it, else ranked now) for --to or its channels. */
    private Map<String, Boolean> deliverWatchlist(App app, DigestParameters daily) {
        Watchlist watched = app.watchlistDigests().watchlists().find(watchlist)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "no watchlist named " + watchlist
                        + " (see 'hotpapers watch list')"));
        List<String> channels = to.isEmpty() ? watched.channels() : to;
        if (channels.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "watchlist " + watchlist + " names no channel: pass --to"
                    + " or set its own (watch add " + watchlist + " --to CHANNELS --replace)");
        }
        if (EmailChannel.reachesNobody(context.config().delivery().mail(), channels, watched.mailTo())) {
            throw new ParameterException(spec.commandLine(), "watchlist " + watchlist + " has no e-mail recipients "
                    + "of its own and HOTPAPERS_MAIL_TO is not set: give it some (watch add " + watchlist
                    + " ... --mail-to ADDRESSES --replace), set HOTPAPERS_MAIL_TO, or pass --to without email");
        }
        DigestService service = app.watchlistDigests().service(watched);
        DigestParameters parameters = WatchlistDigests.parameters(daily, watched);
        Digest digest = service.make(date, parameters, service.latestCutoff(date, parameters).orElse(null));
        return app.deliveries().enqueue(digest, watchlist, channels, watched.mailTo());
    }
}
