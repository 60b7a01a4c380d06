package io.hotpapers.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.testing.Migrations;
import io.hotpapers.core.testing.PostgresExtension;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users meet it: exit codes, one-line errors, and the database commands. */
class CliTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path home;

    private CliRun cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void console() {
        cli = new CliRun(home, "2026-11-26T12:00:00Z");
        out = cli.out;
        err = cli.err;
    }

    /** Environment that points hotpapers at this class's test database. */
    private Map<String, String> externalDatabase() {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        return environment;
    }

    private int run(Map<String, String> environment, String... args) {
        cli.clear();
        return cli.run(environment, args);
    }

    private int run(String... args) {
        return run(Map.of("HOTPAPERS_HOME", home.toString()), args);
    }

    private String firstErrorLine() {
        return cli.firstErrorLine();
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("hotpapers ");
        assertThat(run("backfill", "--help")).isZero();
        assertThat(out.toString()).contains("--from=DATE");
    }

    @Test
    void anInvalidDateIsAUsageErrorWithAOneLineReasonAndTheUsage() {
        assertThat(run("backfill", "--from", "2021-13-01")).isEqualTo(2);

        assertThat(firstErrorLine()).isEqualTo(
                "Invalid value for option '--from': '2021-13-01' is not a valid date (expected YYYY-MM-DD, e.g. 2021-05-11)");
        assertThat(err.toString()).contains("Usage: hotpapers backfill");
    }

    @Test
    void backfillRangesMustBeOrderedAndInThePast() {
        assertThat(run("backfill", "--from", "2021-05-12", "--to", "2021-05-11")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("--to 2021-05-11 is before --from 2021-05-12");

        assertThat(run("backfill", "--from", "2026-11-27")).isEqualTo(2);
        assertThat(err.toString()).contains("--to 2026-11-27 is in the future (today is 2026-11-26 in US Eastern time)");
    }

    @Test
    void anUnknownCategoryIsAUsageErrorThatSuggestsTheClosest() {
        assertThat(run("backfill", "--from", "2021-05-11", "--categories", "cs.LG,stat.ml")).isEqualTo(2);

        assertThat(firstErrorLine())
                .isEqualTo("--categories: unknown arXiv category 'stat.ml'; did you mean stat.ML?");
    }

    @Test
    void digestOptionsAreValidatedBeforeAnythingIsWritten() throws IOException {
        Path file = Files.writeString(home.resolve("a-file"), "x");

        assertThat(run("digest", "--date", "2021-05-11", "--out", file.toString())).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("--out " + file + " is a file, not a directory");

        assertThat(run("digest", "--date", "2021-05-11", "--format", "md,pdf")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--format'");

        assertThat(run("digest", "--date", "2021-05-11", "--as-of", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("'yesterday' is not a valid instant");

        assertThat(run("digest", "--date", "2021-05-11", "--announce-types", "new,old")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("'old' is not an announce type");

        assertThat(run("digest", "--date", "2021-05-11", "--max-tweets", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--max-tweets at least 1");
        assertThat(home.resolve("digests")).doesNotExist();
    }

    @Test
    void aMissingCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("missing command");

        assertThat(run("db")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("missing subcommand");
    }

    @Test
    void anInvalidSettingIsAUsageErrorNamingIt() {
        Map<String, String> environment = new HashMap<>(externalDatabase());
        environment.put("ARXIV_MIN_INTERVAL", "3s");

        assertThat(run(environment, "status")).isEqualTo(2);

        assertThat(firstErrorLine()).isEqualTo(
                "hotpapers status: invalid setting: ARXIV_MIN_INTERVAL: not an ISO-8601 duration: '3s' (example: PT3S)");
    }

    @Test
    void typosInSettingsAndPlainHttpForTheTokenAreUsageErrorsNamingTheSetting() throws IOException {
        Map<String, String> environment = new HashMap<>(externalDatabase());
        environment.put("HOTPAPERS_CATEGORIS", "cs.LG");
        assertThat(run(environment, "status")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("hotpapers status: invalid setting: HOTPAPERS_CATEGORIS: unknown "
                + "environment variable; did you mean HOTPAPERS_CATEGORIES?");

        assertThat(run(Map.of("HOTPAPERS_HOME", home.toString(), "HOTPAPERS_LOG_LEVEL", "LOUD"), "status"))
                .isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("hotpapers status: invalid setting: HOTPAPERS_LOG_LEVEL: 'LOUD' is "
                + "not a log level");

        Files.writeString(home.resolve("hotpapers.properties"), "X_BEARER_TOKN=abc\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("hotpapers status: invalid setting: X_BEARER_TOKN: unknown setting in "
                + home.resolve("hotpapers.properties") + "; did you mean X_BEARER_TOKEN?");
        assertThat(err.toString()).doesNotContain("abc");

        Files.writeString(home.resolve("hotpapers.properties"), "X_API_URL=http://api.x.com\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("hotpapers status: invalid setting: X_API_URL: must be an https URL");
    }

    @Test
    void trendsOptionsAreValidated() {
        assertThat(run("trends")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("missing subcommand");
        assertThat(run("trends", "paper", "abc")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("'abc' is not an arXiv id");
        assertThat(run("trends", "top", "--by", "loudness")).isEqualTo(2);
        assertThat(run("trends", "categories", "--chart", "out.gif")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("--chart out.gif must end in .svg or .png");
        assertThat(run("trends", "top", "--category", "cs.XX")).isEqualTo(2);
    }

    @Test
    void migrateIsANoOpTheSecondTime() {
        assertThat(run(externalDatabase(), "db", "migrate")).isZero();

        assertThat(out.toString()).contains("applied 0 migration(s); schema is at version " + Migrations.latestVersion());
    }

    @Test
    void statusShowsTheDatabaseSchemaAndRowCounts() {
        postgres.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
                VALUES ('2021-05-11', 'cs.LG', '2105.04026', 'new')
                ON CONFLICT DO NOTHING
                """));

        assertThat(run(externalDatabase(), "status")).isZero();

        assertThat(out.toString())
                .contains("database    " + postgres.settings().describe())
                .contains("schema      version " + Migrations.latestVersion())
                .containsPattern("listings +1")
                .containsPattern("post_snapshots +0")
                .contains("daemons     none running")
                .contains("metadata owed  1 listed paper(s)")
                .containsPattern("listing +never");
    }

    @Test
    void passwordsNeverReachTheOutputWhetherTheConnectionSucceedsOrNot() {
        Map<String, String> environment = new HashMap<>(externalDatabase());
        String url = environment.get("HOTPAPERS_DB_URL");
        environment.put("HOTPAPERS_DB_URL", url + (url.contains("?") ? "&" : "?") + "password=inline-secret");
        environment.put("HOTPAPERS_DB_PASSWORD", "environment-secret");

        run(environment, "status");

        assertThat(out.toString() + err).doesNotContain("inline-secret").doesNotContain("environment-secret");
    }

    @Test
    void anUnreachableDatabaseIsARuntimeFailureInOneLine() {
        Map<String, String> environment = Map.of("HOTPAPERS_HOME", home.toString(),
                "HOTPAPERS_DB_URL", "jdbc:postgresql://localhost:1/hotpapers?connectTimeout=2");

        assertThat(run(environment, "status")).isEqualTo(1);

        assertThat(err.toString().lines()).hasSize(1);
        assertThat(firstErrorLine()).startsWith(
                "hotpapers status: database error: cannot connect to jdbc:postgresql://localhost:1/hotpapers");
    }

    @Test
    void theEmbeddedDefaultNeedsNoSetup() {
        assertThat(run("db", "migrate")).isZero();
        assertThat(out.toString()).contains("embedded PostgreSQL in " + home.resolve("pgdata"))
                .contains("applied " + Migrations.count() + " migration(s)");

        assertThat(run("status")).isZero();
        assertThat(out.toString()).contains("schema      version " + Migrations.latestVersion());
    }
}
