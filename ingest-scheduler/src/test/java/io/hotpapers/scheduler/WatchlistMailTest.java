package io.hotpapers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.watch.Watchlist;
import io.hotpapers.scheduler.cli.Cli;
import io.hotpapers.scheduler.cli.CliContext;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hotpapers.scheduler.delivery.DeliveryService;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A watchlist's own e-mail recipients, received by a real SMTP server in this JVM (GreenMail) after the daemon's
 * daily digest: each watchlist's message reaches its recipients only, the daily digest and a watchlist without
 * recipients of its own reach HOTPAPERS_MAIL_TO; a changed list gets the next digest, not the one already sent.
 * Without HOTPAPERS_MAIL_TO only watchlists with recipients of their own are mailed; one without is refused by
 * {@code watch add}, or (a stored row) warned about and kept as a failed delivery until the setting is mended.
 */
class WatchlistMailTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(patient(ServerSetupTest.SMTP.dynamicPort()));

    private static final LocalDate DAY = LocalDate.parse("2021-05-11");
    private static final LocalDate NEXT_DAY = LocalDate.parse("2021-05-12");

    @TempDir
    Path home;

    private final MutableClock clock = MutableClock.at("2021-05-12T08:56:20Z");

    /** A busy build machine starts a server in more than GreenMail's default two seconds. */
    private static ServerSetup patient(ServerSetup setup) {
        setup.setServerStartupTimeout(30_000);
        return setup;
    }

    @BeforeEach
    void papers() {
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                        submitted_at, last_updated_at, ingested_at, updated_at)
                    VALUES ('2105.04026', 1, 'The Modern Mathematics of Deep Learning', 'Graph neural networks.',
                            ARRAY['Julius Berner'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now()),
                           ('2105.09999', 1, 'Energy Based Models', 'Nobody posted this.',
                            ARRAY['Yann LeCun'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now()),
                           ('2105.10001', 1, 'Self-Supervised Learning, Again', 'The next day.',
                            ARRAY['Yann LeCun'], 'cs.LG', ARRAY['cs.LG'], now(), now(), now(), now())
                    """);
            handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new'),"
                    + " ('2021-05-11', 'cs.LG', '2105.09999', 'new'), ('2021-05-12', 'cs.LG', '2105.10001', 'new')");
        });
    }

    private App startApp() {
        return startApp(true);
    }

    private App startApp(boolean globalRecipients) {
        Map<String, String> environment = environment(globalRecipients);
        return new CliContext(environment, home, clock, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))
                .startApp(new ConfigLoader(environment, home, CategoryTaxonomy.load()).load());
    }

    /** SMTP to GreenMail, with or without HOTPAPERS_MAIL_TO. */
    private Map<String, String> environment(boolean globalRecipients) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG");
        environment.put("HOTPAPERS_SOURCES", "none");
        if (globalRecipients) {
            environment.put("HOTPAPERS_MAIL_TO", "reader@example.org");
        }
        environment.put("HOTPAPERS_SMTP_HOST", "127.0.0.1");
        environment.put("HOTPAPERS_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        environment.put("HOTPAPERS_SMTP_STARTTLS", "false");
        environment.put("HOTPAPERS_SMTP_FROM", "hotpapers@example.org");
        return environment;
    }

    /** One command line run without HOTPAPERS_MAIL_TO: exit code, then what it printed to stdout and stderr. */
    private List<String> cliWithoutGlobalRecipients(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new CliContext(environment(false), home, clock, new PrintWriter(out, true),
                new PrintWriter(err, true)), args);
        return List.of(Integer.toString(code), out.toString(), err.toString());
    }

    private static void digestRun(App app, LocalDate date, String cutoff) {
        Digest digest = app.digests().make(date, DigestParameters.defaults(List.of("cs.LG")), Instant.parse(cutoff));
        app.afterDigest(digest);
    }

    /**
     * Who got each subject: GreenMail keeps one copy per envelope recipient, in that recipient's mailbox, so the
     * mailboxes (not the To header alone) say where a message went.
     */
    private static Map<String, TreeSet<String>> receivedBySubject() throws Exception {
        Map<String, TreeSet<String>> received = new TreeMap<>();
        for (var user : smtp.getUserManager().listUser()) {
            for (var stored : smtp.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                received.computeIfAbsent(stored.getMimeMessage().getSubject(), subject -> new TreeSet<>())
                        .add(user.getEmail());
            }
        }
        return received;
    }

    private static List<String> toHeader(String subject) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getSubject().equals(subject)) {
                return Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
            }
        }
        throw new AssertionError("no message " + subject);
    }

    @Test
    void eachWatchlistsMailGoesToItsOwnRecipientsOnlyAndAChangedListGetsTheNextDigest() throws Exception {
        App app = startApp();
        try {
            var store = app.watchlistDigests().watchlists();
            store.save(new Watchlist("follow", List.of(), List.of("Y. LeCun"), List.of(), 0, List.of("email"),
                    List.of("ada@lab.example", "alan@lab.example")), false);
            store.save(new Watchlist("graphs", List.of("graph neural network*"), List.of(), List.of(), 0,
                    List.of("email"), List.of("grace@uni.example")), false);
            store.save(new Watchlist("plain", List.of("energy"), List.of(), List.of(), 0, List.of("email")), false);

            digestRun(app, DAY, "2021-05-12T08:30:00Z");

            String follow = "Hot Papers 2021-05-11 \u2014 watchlist follow";
            String graphs = "Hot Papers 2021-05-11 \u2014 watchlist graphs";
            assertThat(receivedBySubject()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "Hot Papers 2021-05-11", new TreeSet<>(List.of("reader@example.org")),
                    follow, new TreeSet<>(List.of("ada@lab.example", "alan@lab.example")),
                    graphs, new TreeSet<>(List.of("grace@uni.example")),
                    "Hot Papers 2021-05-11 \u2014 watchlist plain", new TreeSet<>(List.of("reader@example.org"))));
            assertThat(toHeader(follow)).containsExactly("ada@lab.example", "alan@lab.example");
            assertThat(smtp.getReceivedMessages()).hasSize(5);

            // the reader of "follow" changes its recipients; the digest of the day already went to the old list
            store.save(store.find("follow").orElseThrow().withMailTo(List.of("carol@new.example")), true);
            digestRun(app, DAY, "2021-05-12T08:30:00Z");
            assertThat(smtp.getReceivedMessages()).as("an unchanged digest is not sent again, to no list").hasSize(5);

            clock.set(Instant.parse("2021-05-13T08:56:20Z"));
            digestRun(app, NEXT_DAY, "2021-05-13T08:30:00Z");
            assertThat(receivedBySubject().get("Hot Papers 2021-05-12 \u2014 watchlist follow"))
                    .as("the next digest goes to the new list only").containsExactly("carol@new.example");
            assertThat(receivedBySubject().get(follow)).containsExactly("ada@lab.example", "alan@lab.example");
            int keys = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT count(DISTINCT recipients_sha256) FROM deliveries WHERE watchlist = 'follow'
                    """).mapTo(Integer.class).one());
            assertThat(keys).as("each list is part of its deliveries' once-only key").isEqualTo(2);
        } finally {
            app.stop();
        }
    }

    @Test
    void withoutGlobalRecipientsOnlyWatchlistsWithTheirOwnAreMailedAndOneWithoutIsAStoredFailure() throws Exception {
        // watch add: a watchlist that would mail nobody is refused, one with its own recipients is stored
        List<String> refused = cliWithoutGlobalRecipients("watch", "add", "plain", "--keywords", "energy",
                "--to", "email");
        assertThat(refused.get(0)).isEqualTo("2");
        assertThat(refused.get(2).lines().findFirst().orElseThrow()).contains("--to email: HOTPAPERS_MAIL_TO is not "
                + "set, so this watchlist's e-mail would reach nobody: name its recipients with --mail-to");
        assertThat(cliWithoutGlobalRecipients("watch", "add", "follow", "--authors", "Y. LeCun", "--mail-to",
                "ada@lab.example").get(0)).isEqualTo("0");

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger appLog = (Logger) LoggerFactory.getLogger(App.class);
        Logger deliveryLog = (Logger) LoggerFactory.getLogger(DeliveryService.class);
        appLog.addAppender(log);
        deliveryLog.addAppender(log);
        App app = startApp(false);
        try {
            // a row stored while HOTPAPERS_MAIL_TO was set (or by hand): it names e-mail without recipients
            app.watchlistDigests().watchlists().save(new Watchlist("plain", List.of("energy"), List.of(), List.of(),
                    0, List.of("email")), false);
            app.reportMailRecipients();
            assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).isEqualTo("E-mail: "
                    + "HOTPAPERS_MAIL_TO is not set, so the daily digest is not e-mailed; watchlists with recipients "
                    + "of their own (watch add --mail-to) are"));
            assertThat(log.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("Watchlist(s) plain name e-mail without "
                        + "recipients of their own and HOTPAPERS_MAIL_TO is not set");
            });

            digestRun(app, DAY, "2021-05-12T08:30:00Z");

            assertThat(receivedBySubject()).as("the daily digest is not mailed; nothing goes to nobody")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("Hot Papers 2021-05-11 \u2014 watchlist follow",
                            new TreeSet<>(List.of("ada@lab.example"))));
            List<Map<String, Object>> rows = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT watchlist, status, attempts, last_error FROM deliveries ORDER BY watchlist
                    """).mapToMap().list());
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsEntry("watchlist", "follow").containsEntry("status", "sent");
            assertThat(rows.get(1)).containsEntry("watchlist", "plain").containsEntry("status", "failed")
                    .containsEntry("attempts", 0);
            assertThat((String) rows.get(1).get("last_error")).startsWith("email: no recipients: watchlist plain "
                    + "names e-mail without recipients of its own and HOTPAPERS_MAIL_TO is not set");
            assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                    .startsWith("email of 2021-05-11 not queued: email: no recipients: watchlist plain"));
        } finally {
            appLog.detachAppender(log);
            deliveryLog.detachAppender(log);
            app.stop();
        }

        List<String> status = cliWithoutGlobalRecipients("status");
        assertThat(status.get(1)).contains("deliveries  email: 1 pending or failed",
                "  email: the daily digest is not e-mailed (HOTPAPERS_MAIL_TO is not set); watchlist(s) naming e-mail"
                        + " without --mail-to reach nobody: plain",
                "2021-05-11 email   plain    failed     0 attempt(s): email: no recipients: watchlist plain");
        List<String> byHand = cliWithoutGlobalRecipients("deliver", "--date", "2021-05-11");
        assertThat(byHand.get(0)).isEqualTo("2");
        assertThat(byHand.get(2).lines().findFirst().orElseThrow()).contains("the daily digest is not e-mailed: "
                + "HOTPAPERS_MAIL_TO is not set (only watchlists with --mail-to are mailed)");
        List<String> watchlistByHand = cliWithoutGlobalRecipients("deliver", "--date", "2021-05-11", "--watchlist",
                "plain");
        assertThat(watchlistByHand.get(0)).isEqualTo("2");
        assertThat(watchlistByHand.get(2).lines().findFirst().orElseThrow()).contains("watchlist plain has no "
                + "e-mail recipients of its own and HOTPAPERS_MAIL_TO is not set");

        // the operator sets HOTPAPERS_MAIL_TO: the next run of the digest sends what was refused, once
        App mended = startApp(true);
        try {
            digestRun(mended, DAY, "2021-05-12T08:30:00Z");
            digestRun(mended, DAY, "2021-05-12T08:30:00Z");
        } finally {
            mended.stop();
        }
        assertThat(receivedBySubject()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Hot Papers 2021-05-11", new TreeSet<>(List.of("reader@example.org")),
                "Hot Papers 2021-05-11 \u2014 watchlist follow", new TreeSet<>(List.of("ada@lab.example")),
                "Hot Papers 2021-05-11 \u2014 watchlist plain", new TreeSet<>(List.of("reader@example.org"))));
        assertThat(smtp.getReceivedMessages()).hasSize(3);
    }
}
