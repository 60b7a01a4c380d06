package io.hotpapers.core.digest;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest of a small fixture day, compared with golden files: ties, a paper below the threshold, a paper
 * whose tweets are all under 25, markup in a title and a tweet, non-ASCII names, a deleted tweet.
 */
class DigestServiceTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** Set to regenerate the golden files after an intended change of the format; review the diff. */
    private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("hotpapers.updateGolden");

    private static final LocalDate DAY = LocalDate.parse("2021-05-11");
    private static final Instant GENERATED = Instant.parse("2021-05-12T08:56:20Z");
    private static final Instant EARLY = Instant.parse("2021-05-11T12:00:00Z");
    private static final Instant LATE = Instant.parse("2021-05-12T08:00:00Z");
    private static final List<String> CATEGORIES = List.of("cs.LG", "stat.ML");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv",
            List.of("arXiv", "Twitter", "Machine Learning", "Computer Science"), "/media/flying-marine.jpg");

    @TempDir
    Path out;

    private final MutableClock clock = new MutableClock(GENERATED);
    private final ObjectMapper json = new ObjectMapper();
    private DigestService service;
    private long nextTweetId = 1392023521585475589L;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        PaperStore papers = new PaperStore(postgres.jdbi(), clock);
        service = new DigestService(new DigestQuery(postgres.jdbi(), papers), new DigestStore(postgres.jdbi(), json),
                new TrendsQuery(postgres.jdbi()), json, STYLE, "https://example.org/posts/", clock);
        fixtureDay(papers, new PostStore(postgres.jdbi(), clock), new SnapshotStore(postgres.jdbi()));
    }

    private void fixtureDay(PaperStore papers, PostStore tweets, SnapshotStore snapshots) {
        papers.upsert(List.of(
                paper("2105.04026", "The Modern Mathematics of Deep Learning",
                        List.of("Julius Berner", "Philipp Grohs", "Gitta Kutyniok", "Philipp Petersen"), "cs.LG",
                        "stat.ML"),
                paper("2105.05000", "On <b>Bold</b> & \"Quoted\" Claims", List.of("Björn Ommer", "Zoë Müller-Šimić"),
                        "stat.ML", "cs.LG"),
                paper("2105.06000", "Tied Score, Fewer Retweets", List.of("A. Author"), "cs.LG"),
                paper("2105.07000", "Tied Score and Retweets, Later Id", List.of("B. Author"), "cs.LG"),
                paper("2105.08000", "Below the Threshold", List.of("C. Author"), "cs.LG")));
        new ListingStore(postgres.jdbi(), clock).record(List.of(
                new Listing(DAY, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(DAY, "stat.ML", "2105.04026", AnnounceType.CROSS),
                new Listing(DAY, "stat.ML", "2105.05000", AnnounceType.NEW),
                new Listing(DAY, "cs.LG", "2105.05000", AnnounceType.CROSS),
                new Listing(DAY, "cs.LG", "2105.06000", AnnounceType.NEW),
                new Listing(DAY, "cs.LG", "2105.07000", AnnounceType.REPLACE),
                new Listing(DAY, "cs.LG", "2105.08000", AnnounceType.NEW)));
        List<PostSnapshot> taken = new ArrayList<>();
        long statMl = tweet(tweets, "2105.04026", "StatMLPapers", "Stat.ML Papers",
                "The Modern Mathematics of Deep Learning. (arXiv:2105.04026v1 [cs.LG]) https://t.co/FLzJGgcO7X");
        taken.add(snapshot(statMl, EARLY, 300, 40));
        taken.add(snapshot(statMl, LATE, 5000, 400));
        taken.add(snapshot(statMl, GENERATED.plusSeconds(3600), 9000, 900)); // after the cutoff: not counted
        long small = tweet(tweets, "2105.04026", "someone", "Some One", "nice");
        taken.add(snapshot(small, LATE, 14, 39));
        long deleted = tweet(tweets, "2105.04026", "gone", "Gone Soon", "deleted later");
        taken.add(snapshot(deleted, EARLY, 1000, 1000));
        tweets.markGone("x", XPosts.id(deleted), LATE);
        long hostile = tweet(tweets, "2105.05000", "björn_o", "Björn <Ommer>",
                "<script>alert('x')</script> & \"quotes\"\nsecond line https://t.co/abc?x=1&y=2");
        taken.add(snapshot(hostile, LATE, 10, 20));
        long twin = tweet(tweets, "2105.05000", "zoe", "Zoë", "Same score, later id");
        taken.add(snapshot(twin, LATE, 10, 20));
        long tiedA = tweet(tweets, "2105.06000", "a", "A", "score sixty");
        taken.add(snapshot(tiedA, LATE, 5, 55));
        for (int[] counts : new int[][] {{1, 19}, {2, 18}, {2, 18}}) {
            long id = tweet(tweets, "2105.07000", "b", "B", "small " + counts[0]);
            taken.add(snapshot(id, LATE, counts[0], counts[1]));
        }
        long below = tweet(tweets, "2105.08000", "c", "C", "almost");
        taken.add(snapshot(below, LATE, 10, 30));
        snapshots.append(taken);
    }

    private static Paper paper(String id, String title, List<String> authors, String... categories) {
        return new Paper(id, 1, title, "Abstract of " + title + ", with Unicode: Schrödinger ∂ψ/∂t.", authors,
                categories[0], List.of(categories), Instant.parse("2021-05-09T19:47:43Z"),
                Instant.parse("2021-05-09T19:47:43Z"), null, null, null);
    }

    private long tweet(PostStore tweets, String arxivId, String username, String name, String text) {
        long id = nextTweetId++;
        tweets.upsert(List.of(new LinkedPost(XPosts.post(id, 1000 + id % 1000, username, name, text, "en",
                Instant.parse("2021-05-11T06:10:02Z")), Set.of(arxivId))));
        return id;
    }

    private static PostSnapshot snapshot(long id, Instant at, int retweets, int likes) {
        return XPosts.snapshot(id, at, retweets, likes, 1, 1, null, null);
    }

    private static void assertGolden(Path file, String golden) throws IOException {
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        if (UPDATE_GOLDEN) {
            Files.writeString(Path.of("src/test/resources/golden", golden), actual, StandardCharsets.UTF_8);
        }
        try (InputStream expected = DigestServiceTest.class.getResourceAsStream("/golden/" + golden)) {
            assertThat(expected).as("golden file " + golden).isNotNull();
            assertThat(actual).isEqualTo(new String(expected.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private DigestService.Written writeAll() {
        return service.write(DAY, DigestParameters.defaults(CATEGORIES), null, EnumSet.allOf(DigestFormat.class), out);
    }

    @Test
    void theMarkdownPostMatchesTheGoldenFile() throws IOException {
        DigestService.Written written = writeAll();

        assertThat(written.files()).containsExactly(out.resolve("hot-papers-2021-05-11.md"),
                out.resolve("hot-papers-2021-05-11.json"), out.resolve("feed.atom"));
        assertGolden(out.resolve("hot-papers-2021-05-11.md"), "hot-papers-2021-05-11.md");
    }

    @Test
    void writtenFilesFollowTheUmaskSoAWebServerCanPublishThem() throws IOException {
        Path reference = Files.createFile(out.resolve("umask-reference"));

        DigestService.Written written = writeAll();

        for (Path file : written.files()) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(Files.getPosixFilePermissions(reference));
        }
    }

    @Test
    void theJsonMatchesTheGoldenFileAndItsSchema() throws IOException {
        writeAll();

        assertGolden(out.resolve("hot-papers-2021-05-11.json"), "hot-papers-2021-05-11.json");
        JsonNode document = json.readTree(out.resolve("hot-papers-2021-05-11.json").toFile());
        JsonNode schema = json.readTree(DigestServiceTest.class.getResourceAsStream(
                "/io/hotpapers/core/digest/digest-v1.schema.json"));
        assertThat(document.path("schema").asText()).isEqualTo(JsonRenderer.SCHEMA);
        schema.path("required").forEach(field -> assertThat(document.has(field.asText())).as(field.asText()).isTrue());
        JsonNode entrySchema = schema.path("properties").path("entries").path("items");
        document.path("entries").forEach(entry -> entrySchema.path("required")
                .forEach(field -> assertThat(entry.has(field.asText())).as(field.asText()).isTrue()));
    }

    @Test
    void theAtomFeedParsesBackWithRome() throws Exception {
        writeAll();
        clock.advance(Duration.ofDays(1));
        service.write(DAY.plusDays(1), DigestParameters.defaults(CATEGORIES), null, EnumSet.of(DigestFormat.ATOM), out);

        SyndFeed feed = new SyndFeedInput().build(new StringReader(Files.readString(out.resolve("feed.atom"))));

        assertThat(feed.getEntries()).extracting(SyndEntry::getTitle)
                .containsExactly("Hot Papers 2021-05-12", "Hot Papers 2021-05-11");
        SyndEntry day = feed.getEntries().get(1);
        assertThat(day.getLink()).isEqualTo("https://example.org/posts/hot-papers-2021-05-11");
        assertThat(day.getDescription().getValue())
                .startsWith("1. The Modern Mathematics of Deep Learning (5453)")
                .contains("On <b>Bold</b> & \"Quoted\" Claims (60)");
    }

    @Test
    void theSameDataAndCutoffGiveByteIdenticalFiles() throws IOException {
        Instant cutoff = Instant.parse("2021-05-12T08:30:00Z");
        service.write(DAY, DigestParameters.defaults(CATEGORIES), cutoff, EnumSet.allOf(DigestFormat.class), out);
        byte[] markdown = Files.readAllBytes(out.resolve("hot-papers-2021-05-11.md"));
        byte[] document = Files.readAllBytes(out.resolve("hot-papers-2021-05-11.json"));

        clock.advance(Duration.ofHours(5));
        service.write(DAY, DigestParameters.defaults(CATEGORIES), cutoff, EnumSet.allOf(DigestFormat.class), out);

        assertThat(Files.readAllBytes(out.resolve("hot-papers-2021-05-11.md"))).isEqualTo(markdown);
        assertThat(Files.readAllBytes(out.resolve("hot-papers-2021-05-11.json"))).isEqualTo(document);
    }

    @Test
    void anEarlierCutoffCountsTheSnapshotsOfThatTime() {
        Digest digest = service.make(DAY, DigestParameters.defaults(CATEGORIES), EARLY);

        assertThat(digest.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.paper().arxivId()).isEqualTo("2105.04026");
            assertThat(entry.reposts()).as("the deleted tweet still counted before it was gone").isEqualTo(1300);
            assertThat(entry.snapshotAt()).isEqualTo(EARLY);
        });
    }

    @Test
    void aDayWithoutListingsStillGivesAValidPostThatSaysSo() throws IOException {
        service.write(LocalDate.parse("2021-05-15"), DigestParameters.defaults(CATEGORIES), null,
                EnumSet.of(DigestFormat.MD), out);

        assertThat(Files.readString(out.resolve("hot-papers-2021-05-15.md")))
                .startsWith("---\ntitle: Hot Papers 2021-05-15\ndate: 2021-05-12T08:56:20Z\n")
                .endsWith("---\n\nNo arXiv listing on 2021-05-15 for cs.LG, stat.ML.\n");
    }

    @Test
    void aDayWithoutQualifyingPapersSaysHowManyWereListed() {
        DigestParameters strict = new DigestParameters(CATEGORIES, EnumSet.of(AnnounceType.NEW), 100_000, 0, 25, 10);

        String post = new MarkdownRenderer(STYLE).render(service.make(DAY, strict, null));

        assertThat(post).endsWith("None of the 4 papers listed on 2021-05-11 for cs.LG, stat.ML reached a score of "
                + "100000 (retweets + likes) by 2021-05-12T08:56:20Z.\n");
    }

    @Test
    void withTrendsEachEntryShowsItsSparklineSinceAnnouncement() throws IOException {
        service.write(DAY, DigestParameters.defaults(CATEGORIES), null, EnumSet.of(DigestFormat.MD), out, true);

        // 2105.04026: 2340 at the early capture (the deleted tweet still live), 5453 at the late one
        assertThat(Files.readString(out.resolve("hot-papers-2021-05-11.md")))
                .contains("- retweets: 5014, favorites: 439 (05/12/2021 08:00:00)\n\n- trend: ▁█\n\n- links:");
    }

    @Test
    void sparklinesScaleBetweenMinimumAndMaximum() {
        assertThat(Sparkline.of(List.of(0L, 10L, 20L, 70L))).contains("▁▂▃█");
        // a flat series is not a zero one (issue 20): mid height, apart from the floor
        assertThat(Sparkline.of(List.of(5L, 5L))).contains("▄▄");
        assertThat(Sparkline.of(List.of(0L, 0L))).contains("▁▁");
        assertThat(Sparkline.of(List.of(5L))).isEmpty();
        assertThat(Sparkline.of(LongStream.range(0, 100).boxed().toList()).orElseThrow())
                .hasSize(Sparkline.MAX_WIDTH).startsWith("▁").endsWith("█");
    }

    @Test
    void aDigestWhoseCountsWereReadBeforeItsCutoffsUtcDaySaysHowManyAndStatusCanTell() throws Exception {
        Digest exact = service.make(DAY, DigestParameters.defaults(CATEGORIES), GENERATED);
        assertThat(exact.staleCounts()).as("every count read on 2021-05-12, the cutoff's day").isZero();

        // the same counts, ranked a day later with nothing read since: every counted post is stale
        Instant nextDay = Instant.parse("2021-05-13T08:56:20Z");
        Digest late = service.make(DAY, DigestParameters.defaults(CATEGORIES), nextDay);
        int counted = late.entries().stream().mapToInt(DigestEntry::postCount).sum();

        assertThat(late.staleCounts()).isEqualTo(counted).isPositive();
        assertThat(new JsonRenderer(json, STYLE).render(late)).as("version 1 says it when some are stale")
                .contains("\"staleCounts\" : " + counted);
        assertThat(new JsonRenderer(json, STYLE).render(exact)).doesNotContain("staleCounts");
        assertThat(service.latestStaleCounts()).contains(java.util.Map.entry(DAY, counted));
    }
}
