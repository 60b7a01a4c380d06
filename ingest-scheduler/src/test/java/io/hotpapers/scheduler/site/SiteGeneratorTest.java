package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotpapers site} from a database of three digests: the files, their content, and incremental runs. */
class SiteGeneratorTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private App app;
    private Path site;

    @BeforeEach
    void digests() {
        app = SiteFixture.build(postgres, home);
        site = home.resolve("site");
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void writesEveryPageFeedJsonAndSitemap() throws IOException {
        SiteGenerator.Report report = app.site().generate(site);

        assertThat(report.written()).isEqualTo(report.total());
        assertThat(site.resolve("index.html")).exists();
        for (LocalDate date : SiteFixture.DATES) {
            assertThat(site.resolve("digest/" + date + ".html")).exists();
        }
        assertThat(site.resolve("paper/2105.04026.html")).exists();
        assertThat(site.resolve("category/cs.LG.html")).exists();
        assertThat(site.resolve("category/cs.LG.atom")).exists();
        assertThat(Files.readString(site.resolve("feed.atom"))).contains("<title>Hot Papers 2021-05-12</title>")
                .contains("https://papers.example.org/digest/2021-05-12.html");
        assertThat(Files.readString(site.resolve("sitemap.xml")))
                .contains("<loc>https://papers.example.org/paper/2105.05233.html</loc>");
        String index = Files.readString(site.resolve("index.html"));
        assertThat(index).contains("Latest: <a href=\"digest/2021-05-12.html\">Hot Papers 2021-05-12</a>")
                .contains("<h3>May 2021</h3>");
    }

    @Test
    void aHostileTitleIsTextEverywhere() throws IOException {
        app.site().generate(site);

        for (String page : new String[] {"digest/2021-05-10.html", "paper/2105.01601.html", "category/cs.CL.html",
            "index.html"}) {
            String html = Files.readString(site.resolve(page));
            assertThat(html).as(page).doesNotContain("<script>window").doesNotContain("<img src=x")
                    .contains("Attention &lt;script&gt;window.pwned&#61;1&lt;/script&gt;");
        }
        assertThat(Files.readString(site.resolve("category/cs.CL.atom"))).doesNotContain("<script>");
    }

    @Test
    void theJsonIsVersionTwoWithEachSourcesCounts() throws IOException {
        app.site().generate(site);

        JsonNode digest = new ObjectMapper().readTree(site.resolve("digest/2021-05-11.json").toFile());
        assertThat(digest.path("schema").asText()).isEqualTo("hotpapers-digest/2");
        assertThat(digest.path("listedPapers").asInt()).isEqualTo(1);
        JsonNode entry = digest.path("entries").get(0);
        assertThat(entry.path("arxivId").asText()).isEqualTo("2105.05233");
        assertThat(entry.path("sources").path("x").path("reposts").asLong()).isEqualTo(500);
        assertThat(entry.path("tweets").get(0).path("source").asText()).isEqualTo("x");
    }

    @Test
    void theSameDataGiveTheSameBytesAndNoWrite() throws IOException {
        app.site().generate(site);
        Map<String, byte[]> first = files(site);

        SiteGenerator.Report again = app.site().generate(site);

        assertThat(again.written()).isZero();
        assertThat(again.unchanged()).isEqualTo(again.total());
        Map<String, byte[]> second = files(site);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((path, bytes) -> assertThat(second.get(path)).as(path).isEqualTo(bytes));
        // a fresh directory from the same data: the same bytes, not only the same keys
        Path other = home.resolve("other");
        app.site().generate(other);
        Map<String, byte[]> fresh = files(other);
        first.forEach((path, bytes) -> assertThat(fresh.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void newEngagementRewritesThatPapersPageOnlyAndADeletedDigestsFilesGo() throws IOException {
        app.site().generate(site);
        Map<String, byte[]> before = files(site);
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO post_snapshots (post_key, captured_at, reposts, likes, replies, quotes)
                VALUES (3, '2021-05-13T02:00:00Z', 900, 4000, 3, 4)
                """));

        SiteGenerator.Report report = app.site().generate(site);

        Map<String, byte[]> after = files(site);
        assertThat(after.get("paper/2105.05233.html")).isNotEqualTo(before.get("paper/2105.05233.html"));
        assertThat(after.get("paper/2105.04026.html")).isEqualTo(before.get("paper/2105.04026.html"));
        assertThat(after.get("digest/2021-05-12.html")).isEqualTo(before.get("digest/2021-05-12.html"));
        assertThat(report.written()).isLessThan(report.total() / 2);

        app.digests().delete(LocalDate.parse("2021-05-10"), home.resolve("digests"));
        SiteGenerator.Report deleted = app.site().generate(site);

        assertThat(deleted.removed()).isGreaterThanOrEqualTo(2);
        assertThat(site.resolve("digest/2021-05-10.html")).doesNotExist();
        assertThat(site.resolve("digest/2021-05-10.json")).doesNotExist();
    }

    @Test
    void thePaperCurvesAreTheEngagementViewsSeries() {
        postgres.jdbi().useHandle(handle -> handle.execute("UPDATE posts SET gone_at = '2021-05-12T19:00:00Z' WHERE post_key = 1"));
        SiteQuery query = new SiteQuery(postgres.jdbi(), null, null, null);
        io.hotpapers.core.trends.TrendsQuery trends = new io.hotpapers.core.trends.TrendsQuery(postgres.jdbi());

        for (String id : new String[] {"2105.04026", "2105.01601", "2105.05233"}) {
            java.util.List<SiteQuery.CurvePoint> expected = trends.series(id, java.time.Instant.EPOCH, "x").stream()
                    .map(point -> new SiteQuery.CurvePoint(point.hour(), point.score(), point.tweets())).toList();
            assertThat(query.curves(java.util.List.of(id)).getOrDefault(id, Map.of()).getOrDefault("x",
                    java.util.List.of())).as(id).isEqualTo(expected);
        }
    }

    @Test
    void filesTheSiteDidNotWriteAreLeftAlone() throws IOException {
        Files.createDirectories(site);
        Files.writeString(site.resolve("notes.txt"), "mine");

        app.site().generate(site);
        app.site().generate(site);

        assertThat(site.resolve("notes.txt")).hasContent("mine");
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
