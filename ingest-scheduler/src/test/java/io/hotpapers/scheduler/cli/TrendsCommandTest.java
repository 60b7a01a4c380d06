package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.testing.PostgresExtension;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code hotpapers trends}: tables, CSV, JSON and charts from a snapshot history built here. */
class TrendsCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private CliRun cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void history() {
        cli = new CliRun(home, "2021-05-12T12:00:00Z");
        out = cli.out;
        err = cli.err;
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, primary_category, categories,
                                        submitted_at, last_updated_at, ingested_at, updated_at)
                    VALUES ('2105.04026', 2, 'The Modern, "Mathematics" of Deep Learning', 'Abstract', ARRAY['A'],
                            'cs.LG', ARRAY['cs.LG'], '2021-05-09T19:47:43Z', '2021-05-09T19:47:43Z', now(), now())
                    """);
            handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new')");
            handle.execute("INSERT INTO listings VALUES ('2021-05-11', 'stat.ML', '2105.04026', 'cross')");
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                       created_at, first_seen_at)
                    VALUES (1, 'x', '1', '10', 'a', 'A', 't', 'en', '2021-05-11T06:00:00Z', '2021-05-11T07:00:00Z'),
                           (2, 'x', '2', '20', 'b', 'B', 't', 'en', '2021-05-11T06:00:00Z', '2021-05-11T07:00:00Z')
                    """);
            handle.execute("INSERT INTO post_papers VALUES (1, '2105.04026'), (2, '2105.04026')");
            handle.execute("SELECT ensure_post_snapshot_partition('2021-05-11T00:00:00Z')");
            handle.execute("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                    VALUES (1, '2021-05-11T08:10:00Z', 10, 20, 1, 0), (2, '2021-05-11T08:20:00Z', 1, 2, 0, 0),
                           (1, '2021-05-12T09:10:00Z', 40, 80, 2, 1)
                    """);
        });
    }

    private int run(String... args) {
        cli.clear();
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        return cli.run(environment, args);
    }

    @Test
    void aPapersSeriesAsCsvCarriesTweetsForward() {
        assertThat(run("trends", "paper", "2105.04026v2", "--format", "csv")).as(err.toString()).isZero();

        assertThat(out.toString()).isEqualTo("""
                time,retweets,likes,replies,quotes,tweets,score,gain,x_score,x_posts
                2021-05-11T08:00:00Z,11,22,1,0,2,33,33,33,2
                2021-05-12T09:00:00Z,41,82,2,1,2,123,90,123,2
                """);
    }

    @Test
    void theTableAlignsAndAddsGrowthPerDay() {
        assertThat(run("trends", "paper", "2105.04026")).isZero();

        assertThat(out.toString()).contains("""
                time                  retweets  likes  replies  quotes  tweets  score  gain  x_score  x_posts
                2021-05-11T08:00:00Z        11     22        1       0       2     33    33       33        2
                """).contains("""
                day         score  growth
                2021-05-11     33      33
                2021-05-12    123      90
                """);
    }

    @Test
    void anUnknownPaperIsNotTracked() {
        assertThat(run("trends", "paper", "2105.99999")).isEqualTo(1);

        assertThat(err.toString()).isEqualTo("not tracked: 2105.99999\n");
    }

    @Test
    void topAsJsonHasStableColumnNames() throws Exception {
        assertThat(run("trends", "top", "--by", "velocity", "--format", "json")).isZero();

        JsonNode top = new ObjectMapper().readTree(out.toString());
        assertThat(top).hasSize(1);
        JsonNode paper = top.get(0);
        assertThat(paper.get("arxiv_id").asText()).isEqualTo("2105.04026");
        assertThat(paper.get("score").asLong()).isEqualTo(123);
        assertThat(paper.get("gain_24h").asLong()).isEqualTo(90);
        assertThat(paper.get("title").asText()).isEqualTo("The Modern, \"Mathematics\" of Deep Learning");
        assertThat(paper.fieldNames()).toIterable().containsExactly("rank", "arxiv_id", "first_mailing", "score",
                "retweets", "likes", "tweets", "gain_24h", "velocity", "title", "x_score", "x_posts");
    }

    /** A post of a second source ('test', string ids) linking the paper, captured a round after X's last. */
    private void aSecondSourcesPost() {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                       created_at, first_seen_at)
                    VALUES (3, 'test', 'test://a/1', 't1', 't', 'T', 't', NULL, '2021-05-12T06:00:00Z',
                            '2021-05-12T07:00:00Z')
                    """);
            handle.execute("INSERT INTO post_papers VALUES (3, '2105.04026')");
            handle.execute("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                    VALUES (3, '2021-05-12T10:15:00Z', 3, 4, 0, 0)
                    """);
        });
    }

    @Test
    void everyTrendHasColumnsPerSourceBesideTheTotal() throws Exception {
        aSecondSourcesPost();

        assertThat(run("trends", "paper", "2105.04026", "--format", "csv")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("""
                time,retweets,likes,replies,quotes,tweets,score,gain,test_score,test_posts,x_score,x_posts
                2021-05-11T08:00:00Z,11,22,1,0,2,33,33,0,0,33,2
                2021-05-12T09:00:00Z,41,82,2,1,2,123,90,0,0,123,2
                2021-05-12T10:00:00Z,44,86,2,1,3,130,7,7,1,123,2
                """);

        assertThat(run("trends", "top", "--format", "json")).as(err.toString()).isZero();
        JsonNode paper = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(paper.get("score").asLong()).isEqualTo(130);
        assertThat(paper.get("test_score").asLong()).isEqualTo(7);
        assertThat(paper.get("test_posts").asLong()).isEqualTo(1);
        assertThat(paper.get("x_score").asLong()).isEqualTo(123);
        assertThat(paper.get("x_posts").asLong()).isEqualTo(2);

        assertThat(run("trends", "categories", "--format", "csv")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("""
                mailing_date,category,papers,tweeted_papers,retweets,likes,engagement,test_engagement,test_papers,\
                x_engagement,x_papers
                2021-05-11,cs.LG,1,1,44,86,130,7,1,123,1
                """);

        assertThat(run("trends", "categories")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("""
                mailing_date  category  papers  tweeted_papers  retweets  likes  engagement  test_engagement  \
                test_papers  x_engagement  x_papers
                """);
    }

    @Test
    void paperAndCategoriesCanShowOneSourceAloneAndRejectAMalformedSourceId() {
        aSecondSourcesPost();

        assertThat(run("trends", "paper", "2105.04026", "--source", "test", "--format", "csv")).as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo("""
                time,retweets,likes,replies,quotes,tweets,score,gain,test_score,test_posts
                2021-05-12T10:00:00Z,3,4,0,0,1,7,7,7,1
                """);

        assertThat(run("trends", "categories", "--source", "test", "--format", "csv")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("""
                mailing_date,category,papers,tweeted_papers,retweets,likes,engagement,test_engagement,test_papers
                2021-05-11,cs.LG,1,1,3,4,7,7,1
                2021-05-11,stat.ML,1,1,3,4,7,7,1
                """);

        assertThat(run("trends", "categories", "--source", "bluesky", "--format", "csv")).isZero();
        assertThat(out.toString().lines()).as("no bluesky engagement: the listed papers still count")
                .contains("2021-05-11,cs.LG,1,0,0,0,0,0,0");

        assertThat(run("trends", "paper", "2105.04026", "--source", "X;DROP")).isEqualTo(2);
        assertThat(err.toString()).contains("--source: not a source id: 'X;DROP'");
        assertThat(out.toString()).isEmpty();
        assertThat(run("trends", "categories", "--source", "")).isEqualTo(2);
        assertThat(err.toString()).contains("--source: not a source id: ''");
    }

    @Test
    void topCanCountOneSourceAndRejectsAMalformedSourceId() {
        assertThat(run("trends", "top", "--source", "x", "--format", "csv")).as(err.toString()).isZero();
        assertThat(out.toString().lines().skip(1).findFirst().orElseThrow()).startsWith("1,2105.04026,2021-05-11,123,");

        out.getBuffer().setLength(0);
        assertThat(run("trends", "top", "--source", "bluesky", "--format", "csv")).isZero();
        assertThat(out.toString().lines().count()).as("no bluesky engagement: the header only").isEqualTo(1);

        assertThat(run("trends", "top", "--source", "X;DROP")).isEqualTo(2);
        assertThat(err.toString()).contains("--source: not a source id: 'X;DROP'");
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        assertThat(run("trends", "top", "--format", "csv")).isZero();

        assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
                .endsWith(",\"The Modern, \"\"Mathematics\"\" of Deep Learning\",123,2"); // then x_score, x_posts
    }

    @Test
    void categoriesRollUpAndChartAsPng() throws Exception {
        Path png = home.resolve("categories.png");

        assertThat(run("trends", "categories", "--chart", png.toString())).isZero();

        assertThat(out.toString()).contains("2021-05-11    cs.LG          1               1        41     82         123");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(ChartWriter.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ChartWriter.HEIGHT);
        Path reference = Files.createFile(home.resolve("umask-reference"));
        assertThat(Files.getPosixFilePermissions(png)).as("a chart follows the umask like any new file")
                .isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void theCategoryChartHasADateAxisAndDrawsASeriesOfOneDay() throws Exception {
        Path svg = home.resolve("days.svg");

        assertThat(run("trends", "categories", "--chart", svg.toString())).isZero();

        String chart = Files.readString(svg);
        assertThat(chart).contains("Mailing date (UTC)").contains("2021-05-11").doesNotContain(":00<");
        assertThat(chart).as("the one point of cs.LG is drawn as its marker, filled in the first series' colour")
                .contains("<g style='fill:rgb(11,87,208);stroke:none'");
    }

    @Test
    void thePaperChartPlotsTheScoreInThickLines() throws Exception {
        Path svg = home.resolve("score.svg");

        assertThat(run("trends", "paper", "2105.04026", "--chart", svg.toString())).isZero();

        assertThat(Files.readString(svg)).contains(">score</text>").contains("stroke-width:3.0;stroke:rgb(11,87,208)");
    }

    @Test
    void aPaperChartAsSvgIsAValidSvgOfTheExpectedSize() throws Exception {
        Path svg = home.resolve("paper.svg");

        assertThat(run("trends", "paper", "2105.04026", "--chart", svg.toString())).isZero();

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(Double.parseDouble(root.getAttribute("width"))).isEqualTo(ChartWriter.WIDTH);
        assertThat(Double.parseDouble(root.getAttribute("height"))).isEqualTo(ChartWriter.HEIGHT);
        assertThat(Files.readString(svg)).contains("Engagement of arXiv:2105.04026").contains("Time (UTC)")
                .as("one source: its score is the total, no line of its own").doesNotContain("x score");
    }

    @Test
    void aPaperChartDrawsEachSourcesScoreWhenSeveralEngaged() throws Exception {
        postgres.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO posts (post_key, source, post_id, author_id, author_handle, author_name, text, lang,
                                       created_at, first_seen_at)
                    VALUES (3, 'bluesky', 'at://did:plc:a/app.bsky.feed.post/1', 'did:plc:a', 'a.bsky.social', 'A',
                            't', 'en', '2021-05-11T09:00:00Z', '2021-05-11T09:30:00Z')
                    """);
            handle.execute("INSERT INTO post_papers VALUES (3, '2105.04026')");
            handle.execute("""
                    INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                    VALUES (3, '2021-05-11T09:40:00Z', 5, 7, 0, 0)
                    """);
        });
        Path svg = home.resolve("paper-sources.svg");

        assertThat(run("trends", "paper", "2105.04026", "--chart", svg.toString())).as(err.toString()).isZero();

        assertThat(Files.readString(svg)).contains(">retweets<", ">bluesky score<", ">x score<");
    }

    @Test
    void hostileTitlesAndCategoriesReachNeitherTheTerminalNorTheSvgAsControls() throws Exception {
        String title = "\u001B]0;owned\u0007\u001B[2J\u001B[31mRed\rOverwritten\nSecond line\u202E "
                + "=HYPERLINK(\"x\") " + "long ".repeat(2_000);
        postgres.jdbi().useHandle(handle -> {
            handle.createUpdate("UPDATE papers SET title = :title").bind("title", title).execute();
            handle.createUpdate("INSERT INTO listings VALUES ('2021-05-11', :category, '2105.04026', 'cross')")
                    .bind("category", "evil\u001B[5m\u0007<script>\"&").execute();
        });
        Path svg = home.resolve("categories.svg");

        assertThat(run("trends", "top")).isZero();
        String table = out.toString();
        assertThat(table.lines()).hasSize(2);
        assertThat(table).doesNotContain("\u001B", "\u0007", "\r", "\u202E").contains("Red Overwritten Second line")
                .contains("…");
        assertThat(table.lines().skip(1).findFirst().orElseThrow().length()).isLessThan(Tabular.MAX_TABLE_CELL + 120);
        assertThat(run("trends", "top", "--format", "csv")).isZero();
        assertThat(out.toString().lines()).hasSize(2);
        assertThat(out.toString()).doesNotContain("\u001B", "\u0007");
        assertThat(run("trends", "top", "--format", "json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get(0).get("title").asText()).isEqualTo(title);

        assertThat(run("trends", "categories", "--chart", svg.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).doesNotContain("\u001B", "\u0007");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertThat(root.getElementsByTagName("script").getLength()).isZero();
        assertThat(Files.readString(svg)).contains("evil[5m&lt;script&gt;").doesNotContain("\u001B", "\u0007");
    }
}
