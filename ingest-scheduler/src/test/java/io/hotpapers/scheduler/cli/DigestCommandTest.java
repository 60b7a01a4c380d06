package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.PostgresExtension;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotpapers digest} end to end: from stored listings and snapshots to files, paths and status. */
class DigestCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private CliRun cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void fixtureDay() {
        cli = new CliRun(home, "2021-05-12T08:56:20Z");
        out = cli.out;
        err = cli.err;
        postgres.truncateAll();
        postgres.jdbi().useHandle(FixtureDay::insert);
    }

    private int run(String... args) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG,stat.ML");
        return cli.run(environment, args);
    }

    @Test
    void writesThePostJsonAndFeedIntoTheHomeAndPrintsTheirPaths() throws Exception {
        int exit = run("digest", "--date", "2021-05-11");

        assertThat(exit).as(err.toString()).isZero();
        Path digests = home.resolve("digests");
        assertThat(out.toString().lines()).containsExactly(digests.resolve("hot-papers-2021-05-11.md").toString(),
                digests.resolve("hot-papers-2021-05-11.json").toString(), digests.resolve("feed.atom").toString());
        String post = Files.readString(digests.resolve("hot-papers-2021-05-11.md"));
        assertThat(post).contains("title: Hot Papers 2021-05-11\ndate: 2021-05-12T08:56:20Z\n")
                .contains("  - \"Machine Learning\"\n  - \"Computer Science\"\n  - \"Statistics\"\n")
                .contains("# 1. The Modern Mathematics of Deep Learning\n\nJulius Berner, Björn Ommer\n")
                .contains("- retweets: 5214, favorites: 439 (05/12/2021 08:00:00)");
        assertThat(err.toString()).contains("digest 2021-05-11: 1 paper(s) of 1 listed, engagement as of 2021-05-12T08:56:20Z");
    }

    @Test
    void optionsShapeTheDigestAndStatusShowsTheLastOne() throws Exception {
        Path target = home.resolve("site");

        assertThat(run("digest", "--date", "2021-05-11", "--format", "json", "--out", target.toString(),
                "--min-score", "10000", "--as-of", "2021-05-12T08:30:00Z")).isZero();

        assertThat(Files.list(target).map(path -> path.getFileName().toString()))
                .containsExactly("hot-papers-2021-05-11.json");
        assertThat(Files.readString(target.resolve("hot-papers-2021-05-11.json")))
                .contains("\"minScore\" : 10000").contains("\"entries\" : [ ]")
                .contains("\"cutoff\" : \"2021-05-12T08:30:00Z\"");
        out.getBuffer().setLength(0);
        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains("last digest 2021-05-11 (generated 2021-05-12T08:56:20Z)");
    }
    private long storedDigests() {
        return postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM digests")
                .mapTo(Long.class).one());
    }

    @Test
    @Tag("reliability")
    void aSaturdayIsRefusedWithTheReasonAndNothingIsWritten() {
        int exit = run("digest", "--date", "2021-05-08");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.firstErrorLine())
                .isEqualTo("2021-05-08 is a Saturday: arXiv announces nothing (--force writes it anyway)");
        assertThat(home.resolve("digests")).doesNotExist();
        assertThat(storedDigests()).isZero();
    }

    @Test
    void theDayAfterAHolidayIsRefusedButForceWritesAPastOne() {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("ARXIV_HOLIDAYS", "2021-05-10");

        assertThat(cli.run(environment, "digest", "--date", "2021-05-11")).isEqualTo(2);
        assertThat(cli.firstErrorLine()).isEqualTo("2021-05-11 is not an arXiv mailing date: the evening of "
                + "2021-05-10 was an arXiv holiday, so nothing was announced (--force writes it anyway)");
        cli.clear();

        assertThat(run("digest", "--date", "2021-05-09", "--force", "--format", "json")).as(err.toString()).isZero();
        assertThat(home.resolve("digests/hot-papers-2021-05-09.json")).exists();
    }

    @Test
    @Tag("reliability")
    void aFutureDateIsRefusedEvenWithForce() {
        // the clock stands at 04:56 US Eastern on 2021-05-12: the listing of 2021-05-13 comes out at 20:00
        assertThat(run("digest", "--date", "2021-05-13", "--force")).isEqualTo(2);
        assertThat(cli.firstErrorLine()).isEqualTo(
                "2021-05-13 is in the future: arXiv announces its listing at 20:00 US Eastern time on 2021-05-12");
        cli.clear();

        assertThat(run("digest", "--date", "2030-01-05", "--force")).isEqualTo(2);
        assertThat(cli.firstErrorLine()).isEqualTo("2030-01-05 is in the future (today is 2021-05-12 in US Eastern time)");
        assertThat(home.resolve("digests")).doesNotExist();
        assertThat(storedDigests()).isZero();
    }

    @Test
    void storedDigestsAreListedAndOneIsDeletedWithItsFilesAndLeavesTheFeed() throws Exception {
        assertThat(run("digest", "--date", "2021-05-10")).as(err.toString()).isZero();
        assertThat(run("digest", "--date", "2021-05-11")).as(err.toString()).isZero();
        Path digests = home.resolve("digests");
        assertThat(Files.readString(digests.resolve("feed.atom"))).contains("Hot Papers 2021-05-11");
        cli.clear();

        assertThat(run("digest", "list")).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "mailing_date  cutoff                papers  generated_at",
                "2021-05-11    2021-05-12T08:56:20Z       1  2021-05-12T08:56:20Z",
                "2021-05-10    2021-05-12T08:56:20Z       0  2021-05-12T08:56:20Z");
        cli.clear();

        assertThat(run("digest", "delete", "--date", "2021-05-11")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly(digests.resolve("hot-papers-2021-05-11.md").toString(),
                digests.resolve("hot-papers-2021-05-11.json").toString(), digests.resolve("feed.atom").toString());
        assertThat(err.toString()).contains("digest 2021-05-11: deleted 1 stored digest(s) and 2 file(s); "
                + "rewrote feed.atom without it");
        assertThat(digests.resolve("hot-papers-2021-05-11.md")).doesNotExist();
        assertThat(digests.resolve("hot-papers-2021-05-10.md")).exists();
        assertThat(Files.readString(digests.resolve("feed.atom")))
                .doesNotContain("Hot Papers 2021-05-11").contains("Hot Papers 2021-05-10");
        cli.clear();

        assertThat(run("digest", "list", "--format", "json")).isZero();
        assertThat(out.toString()).contains("\"mailing_date\" : \"2021-05-10\"").contains("\"papers\" : 0")
                .doesNotContain("2021-05-11");
        cli.clear();
        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains("last digest 2021-05-10");
        cli.clear();

        assertThat(run("digest", "delete", "--date", "2021-05-11")).isEqualTo(2);
        assertThat(cli.firstErrorLine()).isEqualTo("no digest of 2021-05-11 is stored and " + digests
                + " holds none of its files");
    }

    @Test
    void digestWithoutDateOrSubcommandIsAUsageError() {
        assertThat(run("digest")).isEqualTo(2);
        assertThat(cli.firstErrorLine())
                .isEqualTo("Missing required option: '--date=DATE' (or a subcommand: list, delete)");
    }
}
