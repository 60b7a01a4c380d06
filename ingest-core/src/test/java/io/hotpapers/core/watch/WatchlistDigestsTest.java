package io.hotpapers.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.DigestFormat;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestQuery;
import io.hotpapers.core.digest.DigestService;
import io.hotpapers.core.digest.DigestStore;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.XPosts;
import io.hotpapers.core.trends.TrendsQuery;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * A watchlist's digest, end to end on the real database: the day's papers it matches, those without any post
 * included at minimum score 0, ranked by the daily digest's score, written by the daily digest's renderers under
 * {@code watch/<name>/} with its own title and feed, and stored apart from the daily digest.
 */
class WatchlistDigestsTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate DAY = LocalDate.parse("2021-05-11");
    private static final Instant CREATED = Instant.parse("2021-05-11T06:10:02Z");
    private static final Instant CUTOFF = Instant.parse("2021-05-12T08:00:00Z");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/media/x.jpg");
    private static final DigestParameters DAILY = DigestParameters.defaults(List.of("cs.LG"));
    private static final String HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) # Heading & ]]> {{x}}";

    @TempDir
    Path out;

    private final MutableClock clock = new MutableClock(Instant.parse("2021-05-12T08:56:20Z"));
    private final ObjectMapper json = new ObjectMapper();
    private WatchlistDigests watchlists;
    private DigestStore store;

    @BeforeEach
    void day() {
        postgres.truncateAll();
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        store = new DigestStore(postgres.jdbi(), json);
        watchlists = new WatchlistDigests(new WatchlistStore(postgres.jdbi(), clock),
                new DigestQuery(postgres.jdbi(), papers), store, new TrendsQuery(postgres.jdbi()), json, STYLE, null,
                SourceRenderers.X_ONLY, clock);
        papers.upsert(List.of(
                paper("2105.00001", "A quiet paper on energy-based models", "No one posted about it.", "Yann LeCun"),
                paper("2105.00002", "Loud but unrelated", "Transformers, again.", "Someone Else"),
                paper("2105.00003", "Sampling faster", "Latent diffusion models at scale.", "Ada Lovelace"),
                paper("2105.00004", HOSTILE, "An abstract.", "Y. LeCun")));
        new ListingStore(postgres.jdbi(), clock).record(List.of(listing("2105.00001"), listing("2105.00002"),
                listing("2105.00003"), listing("2105.00004")));
        new PostStore(postgres.jdbi(), clock).upsert(List.of(linked(1, "2105.00002"), linked(2, "2105.00003")));
        new SnapshotStore(postgres.jdbi()).append(List.of(
                XPosts.snapshot(post(1), CUTOFF.minusSeconds(3600), 400, 600, 0, 0, null, null),
                XPosts.snapshot(post(2), CUTOFF.minusSeconds(3600), 10, 30, 0, 0, null, null)));
    }

    private static Paper paper(String id, String title, String abstractText, String author) {
        return new Paper(id, 1, title, abstractText, List.of(author, "Plain Author"), "cs.LG", List.of("cs.LG"),
                CREATED, CREATED, null, null, null);
    }

    private static Listing listing(String id) {
        return new Listing(DAY, "cs.LG", id, AnnounceType.NEW);
    }

    private static long post(int number) {
        return 1392023521585475589L + number;
    }

    private static LinkedPost linked(int number, String arxivId) {
        return new LinkedPost(XPosts.post(post(number), 1000 + number, "alice", "Alice", "Read it https://t.co/x",
                "en", CREATED), Set.of(arxivId));
    }

    private static Watchlist follow(long minScore) {
        return new Watchlist("follow", List.of("diffusion model*"), List.of("Y. LeCun"), List.of(), minScore,
                List.of());
    }

    private DigestService.Written write(Watchlist watchlist) {
        watchlists.watchlists().save(watchlist, true);
        List<WatchlistDigests.Made> made = watchlists.writeAll(DAY, DAILY, CUTOFF, out, new StopSignal());
        assertThat(made).hasSize(1);
        return made.get(0).written();
    }

    @Test
    void atMinimumScoreZeroAFollowedAuthorsPaperThatNoOnePostedIsListed() throws Exception {
        DigestService.Written written = write(follow(0));

        assertThat(written.digest().entries()).extracting(entry -> entry.paper().arxivId())
                .as("ranked by score; the unposted papers by the followed author follow with score 0")
                .containsExactly("2105.00003", "2105.00001", "2105.00004");
        assertThat(written.digest().entries().get(1).score()).isZero();
        assertThat(written.digest().entries().get(1).postCount()).isZero();
        Path directory = out.resolve("watch").resolve("follow");
        assertThat(written.files()).containsExactly(directory.resolve("hot-papers-2021-05-11.md"),
                directory.resolve("hot-papers-2021-05-11.json"), directory.resolve("feed.atom"));
        JsonNode document = json.readTree(Files.readString(directory.resolve("hot-papers-2021-05-11.json")));
        assertThat(document.path("title").asText()).isEqualTo("Hot Papers 2021-05-11 \u2014 watchlist follow");
        assertThat(document.path("parameters").path("minScore").asInt()).isZero();
        assertThat(Files.readString(directory.resolve("hot-papers-2021-05-11.md")))
                .contains("title: \"Hot Papers 2021-05-11 \u2014 watchlist follow\"");
        assertThat(Files.readString(directory.resolve("feed.atom")))
                .contains("<title>Hot Papers \u2014 watchlist follow</title>", "tag:hotpapers,2021:digests:watch:follow");
    }

    @Test
    void theWatchlistsDigestIsStoredApartFromTheDailyDigest() {
        write(follow(0));

        assertThat(store.recent(10)).as("the daily digest's store sees no watchlist digest").isEmpty();
        assertThat(store.forWatchlist("follow").recent(10)).hasSize(1);
        assertThat(watchlists.watchlists().latestDigests()).containsEntry("follow", DAY);
        DigestService daily = new DigestService(new DigestQuery(postgres.jdbi(), new PaperStore(postgres.jdbi(),
                clock)), store, new TrendsQuery(postgres.jdbi()), json, STYLE, null, clock);
        assertThat(daily.make(DAY, DAILY, CUTOFF).entries()).extracting(entry -> entry.paper().arxivId())
                .as("the daily digest is unchanged: score 50 and more, whatever the watchlists")
                .containsExactly("2105.00002");
    }

    @Test
    void aMinimumScoreLeavesOutPapersBelowIt() throws Exception {
        DigestService.Written written = write(follow(41));

        assertThat(written.digest().entries()).isEmpty();
        assertThat(Files.readString(out.resolve("watch/follow/hot-papers-2021-05-11.md")))
                .contains("None of the 4 papers listed on 2021-05-11 for cs.LG is on watchlist follow with a score "
                        + "of at least 41");
        assertThat(write(follow(40)).digest().entries()).extracting(entry -> entry.paper().arxivId())
                .containsExactly("2105.00003");
    }

    @Test
    void aHostileTitleIsEscapedInEveryFormat() throws Exception {
        write(follow(0));
        Path directory = out.resolve("watch/follow");

        String markdown = Files.readString(directory.resolve("hot-papers-2021-05-11.md"), StandardCharsets.UTF_8);
        Document page = Jsoup.parse(HtmlRenderer.builder().build().render(Parser.builder().build().parse(markdown)));
        assertThat(page.select("script")).as("only X's embed script, which our template adds")
                .allSatisfy(script -> assertThat(script.attr("src")).isEqualTo("https://platform.twitter.com/widgets.js"));
        assertThat(page.select("a[href^=javascript]")).isEmpty();
        assertThat(page.select("h1").eachText()).noneMatch(heading -> heading.equals("Heading & ]]> {{x}}"));
        assertThat(page.text()).contains("<script>alert(1)</script>");

        JsonNode document = json.readTree(Files.readString(directory.resolve("hot-papers-2021-05-11.json")));
        assertThat(document.path("entries")).anySatisfy(entry ->
                assertThat(entry.path("title").asText()).isEqualTo(HOSTILE));

        org.w3c.dom.Document feed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(directory.resolve("feed.atom")))));
        assertThat(feed.getElementsByTagName("script").getLength()).isZero();
        assertThat(feed.getElementsByTagName("summary").item(0).getTextContent()).contains(HOSTILE);
    }

    @Test
    void aRowEditedBeyondTheBoundsIsLeftOutAndTheOthersStillRun() {
        watchlists.watchlists().save(follow(0), false);
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO watchlists (name, keywords, created_at, updated_at)
                VALUES ('broken', ARRAY[repeat('x', 500)], now(), now())
                """));

        assertThat(watchlists.watchlists().all()).extracting(Watchlist::name).containsExactly("follow");
        assertThat(watchlists.writeAll(DAY, DAILY, CUTOFF, out, new StopSignal())).hasSize(1);
    }
}
