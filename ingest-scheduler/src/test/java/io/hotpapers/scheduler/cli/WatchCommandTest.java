package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import io.hotpapers.core.testing.PostgresExtension;
import java.nio.file.Files;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotpapers watch add|list|remove}, {@code digest --watchlist}, {@code deliver --watchlist} and the site's
 * watchlist pages, on the real database, with Slack replayed by MockWebServer.
 */
class WatchCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private final MockWebServer slack = new MockWebServer();
    private CliRun cli;

    @BeforeEach
    void day() throws Exception {
        slack.start();
        cli = new CliRun(home, "2021-05-12T08:56:20Z");
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> {
            FixtureDay.insert(handle);
            handle.execute("""
                    INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                        submitted_at, last_updated_at, ingested_at, updated_at)
                    VALUES ('2105.09999', 1, 'Energy <b>Based</b> Models [x](javascript:alert(1))', 'Nobody posted this.',
                            ARRAY['Yann LeCun'], 'cs.LG', ARRAY['cs.LG'],
                            '2021-05-09T19:47:43Z', '2021-05-09T19:47:43Z', now(), now())
                    """);
            handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'cs.LG', '2105.09999', 'new')");
        });
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private int run(String... args) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG,stat.ML");
        environment.put("HOTPAPERS_SOURCES", "none");
        environment.put("SITE_URL", "https://papers.example.org/");
        environment.put("HOTPAPERS_SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
        return cli.run(environment, args);
    }

    @Test
    void addListAndRemove() {
        assertThat(run("watch", "add", "follow", "--keywords", "\"deep learning, maths\",energy-based",
                "--authors", "Y. LeCun", "--categories", "stat.ML", "--to", "slack")).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("watchlist follow added");

        cli.clear();
        assertThat(run("watch", "list", "--format", "json")).isZero();
        assertThat(cli.out.toString()).contains("\"name\" : \"follow\"", "\\\"deep learning, maths\\\",energy-based",
                "\"authors\" : \"Y. LeCun\"", "\"to\" : \"slack\"", "\"min_score\" : 0");

        cli.clear();
        assertThat(run("watch", "add", "follow", "--keywords", "other", "--replace")).isZero();
        assertThat(cli.out.toString()).contains("watchlist follow replaced");

        cli.clear();
        assertThat(run("watch", "remove", "follow")).isZero();
        assertThat(cli.out.toString()).contains("watchlist follow removed");
        cli.clear();
        assertThat(run("watch", "list")).isZero();
        assertThat(cli.err.toString()).contains("no watchlist yet");
    }

    @Test
    void misuseExitsTwoWithOneLine() {
        assertMisuse("not a watchlist name", "watch", "remove", "../etc");
        assertMisuse("lower-case letters", "watch", "add", "Bad Name", "--keywords", "x");
        assertMisuse("at least one keyword, author or category", "watch", "add", "empty");
        assertMisuse("unknown channel 'pigeon'", "watch", "add", "w", "--keywords", "x", "--to", "pigeon");
        assertMisuse("at most 200 characters", "watch", "add", "w", "--keywords", "x".repeat(201));
        assertMisuse("not an arXiv category", "watch", "add", "w", "--categories", "<script>");
        assertMisuse("no watchlist named nope", "watch", "remove", "nope");
        assertThat(run("watch", "add", "w", "--keywords", "x")).isZero();
        assertMisuse("watchlist w exists (--replace replaces it", "watch", "add", "w", "--keywords", "y");
        assertMisuse("no watchlist named nope", "digest", "--date", "2021-05-11", "--watchlist", "nope");
        assertMisuse("--min-score does not go with --watchlist", "digest", "--date", "2021-05-11",
                "--watchlist", "w", "--min-score", "3");
        assertMisuse("watchlist w names no channel", "deliver", "--date", "2021-05-11", "--watchlist", "w");
        assertThat(slack.getRequestCount()).isZero();
    }

    @Test
    void hostileOrExcessMailRecipientsAreRefusedAndNothingIsStored() {
        String bare = "is not a bare e-mail address";
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "a@x.org\r\nBcc: evil@x.org");
        assertThat(cli.err.toString().lines()).as("the quoted input cannot break the line")
                .noneMatch(line -> line.startsWith("Bcc:"));
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "a@x.org\nSubject: hi");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "Evil <evil@x.org>");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "\"a b\"@x.org");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "undisclosed-recipients:;");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "a@x.org (comment)");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "a@[127.0.0.1]");
        assertMisuse(bare, "watch", "add", "w", "--keywords", "x", "--mail-to", "a".repeat(250) + "@x.org");
        assertMisuse("at most 50 e-mail recipients", "watch", "add", "w", "--keywords", "x", "--mail-to",
                String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "r" + i + "@x.org").toList()));
        assertMisuse("--mail-to: at most 50 addresses", "watch", "add", "w", "--keywords", "x", "--mail-to",
                "a".repeat(20_000));
        assertMisuse("e-mail recipient is named twice", "watch", "add", "w", "--keywords", "x", "--to", "slack",
                "--mail-to", "a@x.org,A@x.org");
        // well-formed, but this process has no SMTP server to send through
        assertMisuse("--mail-to needs e-mail delivery configured", "watch", "add", "w", "--keywords", "x",
                "--mail-to", "a@x.org");
        cli.clear();
        assertThat(run("watch", "list")).isZero();
        assertThat(cli.err.toString()).contains("no watchlist yet");
    }

    private void assertMisuse(String reason, String... args) {
        cli.clear();
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(cli.firstErrorLine()).contains(reason);
    }

    @Test
    void aWatchlistsDigestIsWrittenDeliveredOnceAndOnTheSite() throws Exception {
        assertThat(run("watch", "add", "follow", "--authors", "Y. LeCun", "--to", "slack")).isZero();

        cli.clear();
        assertThat(run("digest", "--date", "2021-05-11", "--watchlist", "follow")).as(cli.err.toString()).isZero();
        Path directory = home.resolve("digests/watch/follow");
        assertThat(cli.out.toString()).contains(directory.resolve("hot-papers-2021-05-11.md").toString());
        JsonNode document = new ObjectMapper().readTree(directory.resolve("hot-papers-2021-05-11.json").toFile());
        assertThat(document.path("entries")).hasSize(1);
        assertThat(document.path("entries").get(0).path("arxivId").asText()).as("no post links it: score 0")
                .isEqualTo("2105.09999");
        assertThat(Files.exists(home.resolve("digests/hot-papers-2021-05-11.md"))).as("the daily digest apart")
                .isFalse();

        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        cli.clear();
        assertThat(run("deliver", "--date", "2021-05-11", "--watchlist", "follow")).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("slack: queued", "1 sent");
        JsonNode message = new ObjectMapper().readTree(slack.takeRequest().getBody().utf8());
        assertThat(message.path("text").asText()).isEqualTo("Hot Papers 2021-05-11 \u2014 watchlist follow");
        assertThat(message.toString()).contains("Energy &lt;b&gt;Based&lt;/b&gt; Models",
                "https://papers.example.org/watch/follow/2021-05-11.html").doesNotContain("<b>");

        cli.clear();
        assertThat(run("deliver", "--date", "2021-05-11", "--watchlist", "follow")).isZero();
        assertThat(cli.out.toString()).contains("slack: this content was queued before", "0 sent");
        assertThat(slack.getRequestCount()).isEqualTo(1);

        cli.clear();
        assertThat(run("status")).isZero();
        assertThat(cli.out.toString()).contains("watchlists  1: follow (last digest 2021-05-11)");

        cli.clear();
        assertThat(run("site")).as(cli.err.toString()).isZero();
        String page = Files.readString(home.resolve("site/watch/follow/2021-05-11.html"));
        assertThat(page).contains("Hot Papers 2021-05-11 \u2014 watchlist follow",
                "Energy &lt;b&gt;Based&lt;/b&gt; Models", "href=\"../../paper/2105.09999.html\"")
                .doesNotContain("<b>Based");
        assertThat(home.resolve("site/paper/2105.09999.html")).as("its paper link leads somewhere").exists();
        assertThat(Files.readString(home.resolve("site/watch/index.html")))
                .contains("href=\"follow/2021-05-11.html\"", "Authors: Y. LeCun");
        assertThat(Files.readString(home.resolve("site/index.html"))).contains("href=\"watch/index.html\"");
    }

    @Test
    void theSitePublishesEachWatchlistsAtomFeedLinkedFromItsPages() throws Exception {
        assertThat(run("watch", "add", "follow", "--authors", "Y. LeCun")).isZero();
        assertThat(run("digest", "--date", "2021-05-11", "--watchlist", "follow")).as(cli.err.toString()).isZero();

        cli.clear();
        assertThat(run("site")).as(cli.err.toString()).isZero();

        String xml = Files.readString(home.resolve("site/watch/follow/feed.atom"));
        assertThat(xml).as("the hostile title is text, never markup").doesNotContain("<b>Based");
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(xml));
        assertThat(feed.getTitle()).isEqualTo("Hot Papers \u2014 watchlist follow");
        assertThat(feed.getId()).as("the same feed as digests/watch/follow/feed.atom")
                .isEqualTo("tag:hotpapers,2021:digests:watch:follow");
        assertThat(feed.getOtherLinks()).extracting(Link::getRel, Link::getHref)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("self",
                        "https://papers.example.org/watch/follow/feed.atom"));
        assertThat(feed.getEntries()).hasSize(1);
        Entry entry = feed.getEntries().get(0);
        assertThat(entry.getTitle()).isEqualTo("Hot Papers 2021-05-11 \u2014 watchlist follow");
        assertThat(entry.getAlternateLinks().get(0).getHref())
                .isEqualTo("https://papers.example.org/watch/follow/2021-05-11.html");
        assertThat(entry.getSummary().getType()).isEqualTo("text");
        assertThat(entry.getSummary().getValue())
                .isEqualTo("1. Energy <b>Based</b> Models [x](javascript:alert(1)) (0)");

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(
                Files.readString(home.resolve("site/watch/follow/2021-05-11.html")));
        assertThat(page.select("link[rel=alternate][type=application/atom+xml]").eachAttr("href"))
                .contains("feed.atom");
        assertThat(page.select("link[rel=alternate][href=feed.atom]").attr("title"))
                .isEqualTo("Hot Papers \u2014 watchlist follow");
        assertThat(Files.readString(home.resolve("site/watch/index.html"))).contains("href=\"follow/feed.atom\"");
    }
}
