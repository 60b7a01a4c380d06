package io.hotpapers.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.post.RefreshPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final CategoryTaxonomy TAXONOMY = CategoryTaxonomy.load();

    @TempDir
    Path userHome;

    private HotpapersConfig load(Map<String, String> environment) {
        return new ConfigLoader(environment, userHome, TAXONOMY).load();
    }

    private Map<String, String> environment(String... keysAndValues) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            environment.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return environment;
    }

    @Test
    void defaultsNeedNoSettingAtAll() {
        HotpapersConfig config = load(Map.of());

        assertThat(config.home()).isEqualTo(userHome.resolve(".hotpapers"));
        assertThat(config.database()).isEqualTo(new DatabaseSettings.Embedded(userHome.resolve(".hotpapers")));
        assertThat(config.categories()).containsExactly("cs.AI", "cs.CL", "cs.CV", "cs.LG", "stat.ML");
        assertThat(config.arxiv().apiUrl()).hasToString("https://export.arxiv.org/api/query");
        assertThat(config.arxiv().rssUrl()).hasToString("https://rss.arxiv.org/rss/");
        assertThat(config.arxiv().minInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.x().apiUrl()).hasToString("https://api.x.com/");
        assertThat(config.x().enabled()).isFalse();
        assertThat(config.x().fullArchive()).isFalse();
        assertThat(config.x().queryMaxLength()).isEqualTo(512);
        assertThat(config.x().monthlyPostCap()).isEqualTo(10_000);
        assertThat(config.activeDays()).isEqualTo(7);
        assertThat(config.refreshPolicy()).isEqualTo(RefreshPolicy.standard());
        assertThat(config.daemon().httpAddress().getHostString()).as("health binds to localhost").isEqualTo("127.0.0.1");
        assertThat(config.daemon().httpAddress().getPort()).isEqualTo(9464);
        assertThat(config.maxResponseBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void daemonSettingsAreValidated() {
        assertThat(load(environment("HOTPAPERS_HTTP_ADDRESS", "off")).daemon().httpAddress()).isNull();
        assertThatThrownBy(() -> load(environment("HOTPAPERS_HTTP_ADDRESS", "9464")))
                .hasMessageStartingWith("HOTPAPERS_HTTP_ADDRESS: expected HOST:PORT");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_LISTING_TIME", "8pm")))
                .hasMessage("HOTPAPERS_LISTING_TIME: not a time of day (HH:MM): '8pm'");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SHUTDOWN_GRACE", "-PT1S")))
                .hasMessageStartingWith("HOTPAPERS_SHUTDOWN_GRACE: must be positive");
    }

    @Test
    void theDatabaseDownExitDefaultsToTenMinutesAndIsValidated() {
        assertThat(load(Map.of()).daemon().databaseDownExit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(load(environment("HOTPAPERS_DB_DOWN_EXIT", "PT2M")).daemon().databaseDownExit())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> load(environment("HOTPAPERS_DB_DOWN_EXIT", "10m")))
                .hasMessageStartingWith("HOTPAPERS_DB_DOWN_EXIT: not an ISO-8601 duration");
    }

    @Test
    void waitsAndPagingAreBoundedByDefaultAndTheBoundsAreValidated() {
        HotpapersConfig defaults = load(Map.of());
        assertThat(defaults.maxWait()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.x().maxPagesPerQuery()).isEqualTo(50);

        HotpapersConfig set = load(environment("HOTPAPERS_MAX_WAIT", "PT1H", "X_MAX_PAGES_PER_QUERY", "5"));
        assertThat(set.maxWait()).isEqualTo(Duration.ofHours(1));
        assertThat(set.x().maxPagesPerQuery()).isEqualTo(5);

        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAX_WAIT", "15m")))
                .hasMessage("HOTPAPERS_MAX_WAIT: not an ISO-8601 duration: '15m' (example: PT3S)");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAX_WAIT", "PT0S")))
                .hasMessageStartingWith("HOTPAPERS_MAX_WAIT: must be positive");
        assertThatThrownBy(() -> load(environment("X_MAX_PAGES_PER_QUERY", "0")))
                .hasMessage("X_MAX_PAGES_PER_QUERY: must be at least 1, got 0");
    }

    @Test
    void sourcesDefaultToThoseWithCredentialsAndUnknownOrUnreadyOnesAreRejected() {
        assertThat(load(Map.of()).sources()).as("sources without credentials")
                .containsExactly("bluesky", "hackernews", "huggingface");
        assertThat(load(environment("X_BEARER_TOKEN", "t")).sources()).containsExactly("x", "bluesky", "hackernews",
                "huggingface");
        assertThat(load(environment("HOTPAPERS_SOURCES", "hackernews")).sources()).containsExactly("hackernews");
        assertThat(load(environment("HOTPAPERS_SOURCES", "huggingface")).sources()).containsExactly("huggingface");
        assertThat(load(environment("HOTPAPERS_SOURCES", "none")).sources()).as("arXiv only").isEmpty();
        assertThat(load(environment("X_BEARER_TOKEN", "t", "HOTPAPERS_SOURCES", " X , x")).sources())
                .containsExactly("x");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SOURCES", "x")))
                .hasMessage("HOTPAPERS_SOURCES: source x needs X_BEARER_TOKEN or X_BEARER_TOKEN_FILE");
        assertThatThrownBy(() -> load(environment("X_BEARER_TOKEN", "t", "HOTPAPERS_SOURCES", "x,mastodon")))
                .hasMessage("HOTPAPERS_SOURCES: unknown source 'mastodon' "
                        + "(known: x, bluesky, hackernews, huggingface)");
    }

    @Test
    void hackerNewsDefaultsToAlgoliaAtOneRequestASecondAndRefusesToOutpaceItsLimit() {
        HotpapersConfig defaults = load(Map.of());
        assertThat(defaults.hackerNews().apiUrl().toString()).isEqualTo("https://hn.algolia.com/api/v1");
        assertThat(defaults.hackerNews().minInterval()).isEqualTo(Duration.ofSeconds(1));

        assertThatThrownBy(() -> load(environment("HN_MIN_INTERVAL", "PT0.1S")))
                .hasMessage("HN_MIN_INTERVAL: Hacker News search allows at most 10,000 requests an hour; use PT0.36S "
                        + "or more");
        HotpapersConfig standIn = load(environment("HN_API_URL", "http://127.0.0.1:8080/api/v1",
                "HN_MIN_INTERVAL", "PT0.1S"));
        assertThat(standIn.hackerNews().minInterval()).as("a stand-in may be read faster")
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> load(environment("HN_API_URL", "hn.algolia.com")))
                .hasMessage("HN_API_URL: not an http(s) URL: 'hn.algolia.com'");
    }

    @Test
    void huggingFaceNeedsNothingAndKeepsItsOptionalTokenSecret() throws IOException {
        HuggingFaceSettings defaults = load(Map.of()).huggingFace();
        assertThat(defaults.apiUrl().toString()).isEqualTo("https://huggingface.co/");
        assertThat(defaults.optionalToken()).isEmpty();
        assertThat(defaults.minInterval()).isEqualTo(Duration.ofMillis(600));
        assertThat(defaults.absentRecheck()).isEqualTo(java.time.Period.ofDays(7));

        Path tokenFile = Files.writeString(userHome.resolve("hf-token"), "hf_fromFileSecret\n");
        HotpapersConfig withToken = load(environment("HF_TOKEN_FILE", tokenFile.toString(), "HF_MIN_INTERVAL", "PT0.3S",
                "HF_ABSENT_RECHECK", "P3D"));
        assertThat(withToken.huggingFace().optionalToken()).map(Secret::reveal).contains("hf_fromFileSecret");
        assertThat(withToken.secrets()).map(Secret::reveal).contains("hf_fromFileSecret");
        assertThat(withToken.toString()).doesNotContain("hf_fromFileSecret");
        assertThat(withToken.huggingFace().absentRecheck()).isEqualTo(java.time.Period.ofDays(3));

        assertThat(load(environment("HF_API_URL", "http://hf.internal:8080")).huggingFace().apiUrl().host())
                .as("no token: plain http is allowed").isEqualTo("hf.internal");
        assertThatThrownBy(() -> load(environment("HF_TOKEN", "hf_x", "HF_API_URL", "http://hf.internal:8080")))
                .hasMessageStartingWith("HF_API_URL: must be an https URL (it carries a credential)")
                .hasMessageNotContaining("hf_x");
        assertThatThrownBy(() -> load(environment("HF_TOKEN", "hf_x", "HF_TOKEN_FILE", tokenFile.toString())))
                .hasMessage("HF_TOKEN_FILE: set either HF_TOKEN or HF_TOKEN_FILE, not both");
        assertThatThrownBy(() -> load(environment("HF_ABSENT_RECHECK", "7 days")))
                .hasMessage("HF_ABSENT_RECHECK: not an ISO-8601 period of days: '7 days' (example: P7D)");
        assertThatThrownBy(() -> load(environment("HF_ABSENT_RECHECK", "P0D")))
                .hasMessage("HF_ABSENT_RECHECK: must be positive, got P0D");
        assertThatThrownBy(() -> load(environment("HF_MIN_INTERVAL", "PT0S")))
                .hasMessageStartingWith("HF_MIN_INTERVAL: must be positive");
    }

    @Test
    void scoreWeightsDefaultToOneAndAreValidated() {
        assertThat(load(Map.of()).digest().scoreWeights().score("x", 3, 4)).isEqualTo(7);
        HotpapersConfig weighted = load(environment("SCORE_WEIGHTS", "x=0.5,bluesky=2"));
        assertThat(weighted.digest().scoreWeights().score("x", 3, 4)).isEqualTo(4);
        assertThat(weighted.digest().scoreWeights().score("bluesky", 3, 4)).isEqualTo(14);
        assertThat(weighted.digest().scoreWeights().score("hackernews", 3, 4)).as("unnamed: weight 1").isEqualTo(7);
        assertThatThrownBy(() -> load(environment("SCORE_WEIGHTS", "x=much")))
                .hasMessage("SCORE_WEIGHTS: weight of x is not a number: 'much'");
        assertThatThrownBy(() -> load(environment("SCORE_WEIGHTS", "x=-1")))
                .hasMessage("SCORE_WEIGHTS: weight of x must be between 0 and 1000");
        assertThatThrownBy(() -> load(environment("SCORE_WEIGHTS", "x=1,x=2")))
                .hasMessage("SCORE_WEIGHTS: source x is weighted twice");
    }

    @Test
    void theCatchUpWindowIsAWeekOfMailingsUnlessConfigured() {
        assertThat(load(Map.of()).daemon().catchUpDays()).isEqualTo(7);
        assertThat(load(environment("HOTPAPERS_CATCHUP_DAYS", "20")).daemon().catchUpDays()).isEqualTo(20);
        assertThatThrownBy(() -> load(environment("HOTPAPERS_CATCHUP_DAYS", "0")))
                .hasMessageStartingWith("HOTPAPERS_CATCHUP_DAYS: must be at least 1");
    }

    @Test
    void theRefreshScheduleIsConfigurableAndValidated() {
        HotpapersConfig config = load(environment("HOTPAPERS_REFRESH_SCHEDULE", "PT12H=PT30M, P3D=PT4H"));

        assertThat(config.refreshPolicy().interval(Duration.ofHours(1))).contains(Duration.ofMinutes(30));
        assertThat(config.refreshPolicy().interval(Duration.ofDays(2))).contains(Duration.ofHours(4));
        assertThat(config.refreshPolicy().interval(Duration.ofDays(4))).isEmpty();
        assertThatThrownBy(() -> load(environment("HOTPAPERS_REFRESH_SCHEDULE", "P1D")))
                .hasMessageStartingWith("HOTPAPERS_REFRESH_SCHEDULE: expected AGE=INTERVAL pairs");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_REFRESH_SCHEDULE", "P7D=PT1H,P1D=PT6H")))
                .hasMessage("HOTPAPERS_REFRESH_SCHEDULE: ages must increase from step to step");
        assertThatThrownBy(() -> load(environment("X_MONTHLY_POST_CAP", "0")))
                .hasMessageStartingWith("X_MONTHLY_POST_CAP: must be at least 1");
    }

    @Test
    void thePropertiesFileSetsWhatTheEnvironmentDoesNot() throws IOException {
        Path home = userHome.resolve("hp");
        Files.createDirectories(home);
        Files.writeString(home.resolve("hotpapers.properties"), """
                HOTPAPERS_CATEGORIES = hep-th, gr-qc
                X_QUERY_MAX_LENGTH = 1024
                ARXIV_MIN_INTERVAL = PT5S
                """);

        HotpapersConfig config = load(environment("HOTPAPERS_HOME", home.toString(), "X_QUERY_MAX_LENGTH", "900"));

        assertThat(config.categories()).containsExactly("hep-th", "gr-qc");
        assertThat(config.x().queryMaxLength()).isEqualTo(900);
        assertThat(config.arxiv().minInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void homeAcceptsATilde() {
        assertThat(load(environment("HOTPAPERS_HOME", "~/papers")).home()).isEqualTo(userHome.resolve("papers"));
    }

    @Test
    void anUnknownCategoryNamesTheSettingAndSuggestsValidOnes() {
        assertThatThrownBy(() -> load(environment("HOTPAPERS_CATEGORIES", "cs.LG,cs.lg2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("HOTPAPERS_CATEGORIES: unknown arXiv category 'cs.lg2'; did you mean cs.LG?");
    }

    @Test
    void invalidValuesNameTheirSetting() {
        assertThatThrownBy(() -> load(environment("ARXIV_API_URL", "ftp://example.org")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ARXIV_API_URL: ");
        assertThatThrownBy(() -> load(environment("ARXIV_MIN_INTERVAL", "3s")))
                .hasMessage("ARXIV_MIN_INTERVAL: not an ISO-8601 duration: '3s' (example: PT3S)");
        assertThatThrownBy(() -> load(environment("ARXIV_MIN_INTERVAL", "-PT3S")))
                .hasMessageStartingWith("ARXIV_MIN_INTERVAL: must be positive");
        assertThatThrownBy(() -> load(environment("X_FULL_ARCHIVE", "maybe")))
                .hasMessageStartingWith("X_FULL_ARCHIVE: ");
        assertThatThrownBy(() -> load(environment("X_QUERY_MAX_LENGTH", "-1")))
                .hasMessageStartingWith("X_QUERY_MAX_LENGTH: must be at least");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_DB_URL", "postgres://u:pw@host/db")))
                .hasMessageStartingWith("HOTPAPERS_DB_URL: must be a PostgreSQL JDBC URL")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void arXivItselfIsNeverAskedMoreOftenThanEveryThreeSeconds() {
        assertThatThrownBy(() -> load(environment("ARXIV_MIN_INTERVAL", "PT1S")))
                .hasMessageStartingWith("ARXIV_MIN_INTERVAL: arXiv allows at most one request every 3 seconds");

        HotpapersConfig mirror = load(environment("ARXIV_MIN_INTERVAL", "PT0.1S",
                "ARXIV_API_URL", "http://localhost:8080/api/query",
                "ARXIV_RSS_URL", "http://localhost:8080/rss/"));
        assertThat(mirror.arxiv().minInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aMalformedPropertiesFileIsAnErrorNamingTheFile() throws IOException {
        Path home = userHome.resolve(".hotpapers");
        Files.createDirectories(home);
        Files.writeString(home.resolve("hotpapers.properties"), "X_API_URL=\\u00zz\n");

        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(UnreadableConfigFileException.class)
                .hasMessageContaining(home.resolve("hotpapers.properties").toString());
    }

    @Test
    void aHomeThatIsAFileIsRejected() throws IOException {
        Path file = Files.writeString(userHome.resolve("not-a-dir"), "");

        assertThatThrownBy(() -> load(environment("HOTPAPERS_HOME", file.toString())))
                .hasMessageStartingWith("HOTPAPERS_HOME: ");
    }

    @Test
    void theBearerTokenComesFromTheEnvironmentOrAFileAndIsNeverPrinted() throws IOException {
        HotpapersConfig fromEnvironment = load(environment("X_BEARER_TOKEN", "AAAA-secret-token"));
        Path tokenFile = Files.writeString(userHome.resolve("x-token"), "BBBB-secret-token\n");
        HotpapersConfig fromFile = load(environment("X_BEARER_TOKEN_FILE", tokenFile.toString()));

        assertThat(fromEnvironment.x().token()).map(Secret::reveal).contains("AAAA-secret-token");
        assertThat(fromFile.x().token()).map(Secret::reveal).contains("BBBB-secret-token");
        assertThat(fromEnvironment.toString()).doesNotContain("AAAA-secret-token");
        assertThat(fromFile.toString()).doesNotContain("BBBB-secret-token");
    }

    @Test
    void blueskyNeedsNoAccountAndTakesOneWholeOrNone() throws IOException {
        BlueskySettings defaults = load(Map.of()).bluesky();
        assertThat(defaults.apiUrl().toString()).isEqualTo("https://public.api.bsky.app/");
        assertThat(defaults.pdsUrl().toString()).isEqualTo("https://bsky.social/");
        assertThat(defaults.jetstreamUrl().toString()).isEqualTo("wss://jetstream2.us-east.bsky.network/subscribe");
        assertThat(defaults.canSearch()).isFalse();
        assertThat(defaults.countBots()).isFalse();

        Path passwordFile = Files.writeString(userHome.resolve("bsky"), "abcd-efgh-ijkl-mnop\n");
        HotpapersConfig account = load(environment("BLUESKY_HANDLE", "me.bsky.social",
                "BLUESKY_APP_PASSWORD_FILE", passwordFile.toString(), "BLUESKY_COUNT_BOTS", "true"));
        assertThat(account.bluesky().canSearch()).isTrue();
        assertThat(account.bluesky().appPassword().reveal()).isEqualTo("abcd-efgh-ijkl-mnop");
        assertThat(account.bluesky().countBots()).isTrue();
        assertThat(account.toString()).doesNotContain("abcd-efgh-ijkl-mnop");
        assertThat(account.secrets()).as("what logs and error texts blank").contains(account.bluesky().appPassword());

        assertThatThrownBy(() -> load(environment("BLUESKY_HANDLE", "me.bsky.social")))
                .hasMessageStartingWith("BLUESKY_APP_PASSWORD: is needed with BLUESKY_HANDLE");
        assertThatThrownBy(() -> load(environment("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")))
                .hasMessageStartingWith("BLUESKY_HANDLE: is needed with BLUESKY_APP_PASSWORD")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcd-efgh-ijkl-mnop"));
        assertThatThrownBy(() -> load(environment("BLUESKY_PDS_URL", "http://pds.example.org")))
                .hasMessageStartingWith("BLUESKY_PDS_URL: must be an https URL");
        assertThatThrownBy(() -> load(environment("BLUESKY_JETSTREAM_URL", "https://jetstream.example.org/subscribe")))
                .hasMessageStartingWith("BLUESKY_JETSTREAM_URL: not a ws:// or wss:// URL");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SOURCES", "bluesky,mastodon")))
                .hasMessageStartingWith("HOTPAPERS_SOURCES: unknown source 'mastodon' (known: x, bluesky, ");
        assertThat(load(environment("HOTPAPERS_SOURCES", "x", "X_BEARER_TOKEN", "t")).sources())
                .as("leaving bluesky out turns it off").containsExactly("x");
    }

    @Test
    void anUnreadableTokenFileNamesTheSettingButNotTheContent() {
        assertThatThrownBy(() -> load(environment("X_BEARER_TOKEN_FILE", userHome.resolve("missing").toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("X_BEARER_TOKEN_FILE: cannot read ");
    }

    @Test
    void anExternalDatabaseNeverShowsItsPassword() {
        HotpapersConfig config = load(environment(
                "HOTPAPERS_DB_URL", "jdbc:postgresql://db.example:5432/hp?ssl=true&password=inline-pw",
                "HOTPAPERS_DB_USER", "hp",
                "HOTPAPERS_DB_PASSWORD", "env-pw"));

        DatabaseSettings.External external = (DatabaseSettings.External) config.database();
        assertThat(external.password().reveal()).isEqualTo("env-pw");
        assertThat(external.describe()).isEqualTo("jdbc:postgresql://db.example:5432/hp?ssl=true&password=****");
        assertThat(config.toString()).doesNotContain("env-pw").doesNotContain("inline-pw");
    }

    @Test
    void holidaysAndContactAreOptionalAndValidated() {
        HotpapersConfig config = load(environment("ARXIV_HOLIDAYS", "2027-11-25, 2027-12-24",
                "HOTPAPERS_CONTACT", "editor@example.org"));

        assertThat(config.arxiv().extraHolidays()).containsExactly(java.time.LocalDate.parse("2027-11-25"),
                java.time.LocalDate.parse("2027-12-24"));
        assertThat(config.contact()).isEqualTo("editor@example.org");
        assertThat(load(Map.of()).contact()).isNull();
        assertThatThrownBy(() -> load(environment("ARXIV_HOLIDAYS", "2027-13-01")))
                .hasMessage("ARXIV_HOLIDAYS: not a date (YYYY-MM-DD): '2027-13-01'");
    }

    @Test
    void aCommandLineCategoryOverrideIsValidatedTheSameWay() {
        assertThat(TAXONOMY.parseList("--categories", "cs, stat.ML ,cs")).isEqualTo(List.of("cs", "stat.ML"));
        assertThatThrownBy(() -> TAXONOMY.parseList("--categories", " , "))
                .hasMessageStartingWith("--categories: no category given");
    }
    private Path homeWithProperties(String content) throws IOException {
        Path home = userHome.resolve("hp");
        Files.createDirectories(home);
        Files.writeString(home.resolve("hotpapers.properties"), content);
        return home;
    }

    @Test
    void aTypoInThePropertiesFileFailsWithTheClosestName() throws IOException {
        Path home = homeWithProperties("HOTPAPERS_CATEGORY = cs.LG\n");

        assertThatThrownBy(() -> load(environment("HOTPAPERS_HOME", home.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("HOTPAPERS_CATEGORY: unknown setting in " + home.resolve("hotpapers.properties")
                        + "; did you mean HOTPAPERS_CATEGORIES?");
    }

    @Test
    void aSettingReadBeforeThePropertiesFileIsRefusedThere() throws IOException {
        Path home = homeWithProperties("HOTPAPERS_LOG_LEVEL=DEBUG\n");

        assertThatThrownBy(() -> load(environment("HOTPAPERS_HOME", home.toString())))
                .hasMessageStartingWith("HOTPAPERS_LOG_LEVEL: can only be set in the environment");
    }

    @Test
    void anUnknownHotpapersVariableFailsWithTheClosestNameWhileOtherVariablesAreIgnored() {
        assertThatThrownBy(() -> load(environment("HOTPAPERS_CATEGORIS", "cs.LG")))
                .hasMessage("HOTPAPERS_CATEGORIS: unknown environment variable; did you mean HOTPAPERS_CATEGORIES?");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_FROBNICATE", "yes")))
                .hasMessage("HOTPAPERS_FROBNICATE: unknown environment variable; see hotpapers.properties.example "
                        + "for every setting");

        HotpapersConfig config = load(environment("PATH", "/usr/bin", "X_SOMETHING_ELSE", "1",
                "HOTPAPERS_TEST_DB_URL", "jdbc:postgresql://localhost/test", "HOTPAPERS_JAVA_OPTS", "-Xmx256m"));

        assertThat(config.categories()).contains("cs.LG");
    }

    @Test
    void theLogLevelIsValidatedAndSuggested() {
        assertThatThrownBy(() -> load(environment("HOTPAPERS_LOG_LEVEL", "LOUD")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("HOTPAPERS_LOG_LEVEL: 'LOUD' is not a log level; use one of TRACE, DEBUG, INFO, WARN, "
                        + "ERROR, OFF");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_LOG_LEVEL", "debgu")))
                .hasMessageStartingWith("HOTPAPERS_LOG_LEVEL: 'debgu' is not a log level; did you mean DEBUG?");
        assertThat(load(environment("HOTPAPERS_LOG_LEVEL", "debug")).home()).isNotNull();
    }

    @Test
    void theLogFileMustBeAFileInAWritablePlace() throws IOException {
        Path directory = Files.createDirectories(userHome.resolve("logs"));

        assertThatThrownBy(() -> load(environment("HOTPAPERS_LOG_FILE", directory.toString())))
                .hasMessageStartingWith("HOTPAPERS_LOG_FILE: " + directory + " is a directory");
        assertThat(load(environment("HOTPAPERS_LOG_FILE", directory.resolve("new/hotpapers.log").toString())))
                .isNotNull();
    }

    @Test
    void settingNamesComeFromTheDeclaredConstantsOnly() {
        assertThat(ConfigLoader.settingNames())
                .contains("HOTPAPERS_HOME", "HOTPAPERS_CATEGORIES", "X_API_URL", "X_BEARER_TOKEN", "HOTPAPERS_LOG_LEVEL",
                        "HOTPAPERS_LOG_FILE", "DIGEST_SITE_URL", "ARXIV_MIN_INTERVAL")
                .doesNotContain(ConfigLoader.PROPERTIES_FILE, ConfigLoader.DEFAULT_CATEGORIES,
                        ConfigLoader.DEFAULT_X_API_URL)
                .allMatch(name -> name.matches("[A-Z][A-Z0-9_]+"));
    }

    @Test
    void theBearerTokenTravelsOnlyOverHttpsOrToThisMachine() {
        assertThatThrownBy(() -> load(environment("X_API_URL", "http://api.example.com")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("X_API_URL: must be an https URL (it carries a credential)")
                .hasMessageEndingWith("got host api.example.com");
        assertThatThrownBy(() -> load(environment("X_API_URL", "http://127.0.0.1.example.com/")))
                .hasMessageStartingWith("X_API_URL: must be an https URL");
        assertThatThrownBy(() -> load(environment("X_API_URL", "http://10.0.0.1:8080/")))
                .hasMessageStartingWith("X_API_URL: must be an https URL");

        for (String local : List.of("http://localhost:8080/", "http://127.0.0.1:1234/", "http://127.1.2.3/",
                "http://[::1]:8080/", "https://api.example.com/")) {
            assertThat(load(environment("X_API_URL", local)).x().apiUrl()).hasToString(local);
        }
    }

    @Test
    void aSecretInAFileOthersCanReadIsWarnedAboutWithoutShowingIt() throws IOException {
        Path home = homeWithProperties("X_BEARER_TOKEN=very-secret-token\nHOTPAPERS_CATEGORIES=cs.LG\n");
        Path file = home.resolve("hotpapers.properties");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigLoader loader = new ConfigLoader(environment("HOTPAPERS_HOME", home.toString()), userHome, TAXONOMY);

        loader.load();

        assertThat(loader.warnings()).singleElement().asString()
                .startsWith(file + " holds a secret (X_BEARER_TOKEN) and can be read by other users")
                .endsWith("run: chmod 600 " + file)
                .doesNotContain("very-secret-token");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ConfigLoader privateFile = new ConfigLoader(environment("HOTPAPERS_HOME", home.toString()), userHome, TAXONOMY);
        privateFile.load();
        assertThat(privateFile.warnings()).isEmpty();
    }

    @Test
    void theOldNameOfTheActiveDaysIsStillReadWithADeprecationWarning() throws IOException {
        ConfigLoader fromEnvironment = new ConfigLoader(environment("X_ACTIVE_DAYS", "3"), userHome, TAXONOMY);
        assertThat(fromEnvironment.load().activeDays()).isEqualTo(3);
        assertThat(fromEnvironment.warnings())
                .containsExactly("X_ACTIVE_DAYS is deprecated; use HOTPAPERS_ACTIVE_DAYS instead");

        Path home = homeWithProperties("X_ACTIVE_DAYS=4\n");
        ConfigLoader fromFile = new ConfigLoader(environment("HOTPAPERS_HOME", home.toString()), userHome, TAXONOMY);
        assertThat(fromFile.load().activeDays()).as("an old properties file still loads").isEqualTo(4);

        ConfigLoader both = new ConfigLoader(environment("X_ACTIVE_DAYS", "3", "HOTPAPERS_ACTIVE_DAYS", "5"), userHome,
                TAXONOMY);
        assertThat(both.load().activeDays()).isEqualTo(5);
        assertThat(both.warnings()).containsExactly("X_ACTIVE_DAYS is deprecated; use HOTPAPERS_ACTIVE_DAYS instead "
                + "(both are set: HOTPAPERS_ACTIVE_DAYS is used)");
        assertThatThrownBy(() -> load(environment("X_ACTIVE_DAYS", "0")))
                .as("the old name's value is validated under the new name")
                .hasMessage("HOTPAPERS_ACTIVE_DAYS: must be at least 1, got 0");
        assertThat(ConfigLoader.settingNames()).contains("HOTPAPERS_ACTIVE_DAYS").doesNotContain("X_ACTIVE_DAYS");
    }

    @Test
    void mailDeliveryNeedsItsServerAndRequiresTlsByDefault() {
        HotpapersConfig config = load(environment("HOTPAPERS_MAIL_TO", "a@example.org, b@example.org",
                "HOTPAPERS_SMTP_HOST", "smtp.example.org", "HOTPAPERS_SMTP_FROM", "hp@example.org"));

        DeliverySettings.Mail mail = config.delivery().mail();
        assertThat(mail.to()).containsExactly("a@example.org", "b@example.org");
        assertThat(mail.security()).isEqualTo(DeliverySettings.SmtpSecurity.STARTTLS);
        assertThat(mail.port()).isEqualTo(587);
        assertThat(config.delivery().channels()).containsExactly("email");
        assertThat(load(environment()).delivery().channels()).isEmpty();
    }

    @Test
    void misconfiguredMailIsRefusedAtStartup() {
        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAIL_TO", "a@example.org")))
                .hasMessage("HOTPAPERS_SMTP_HOST: needed for HOTPAPERS_MAIL_TO");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAIL_TO", "a@example.org\r\nBcc: x@evil.example",
                "HOTPAPERS_SMTP_HOST", "smtp.example.org", "HOTPAPERS_SMTP_FROM", "hp@example.org")))
                .hasMessageStartingWith("HOTPAPERS_MAIL_TO: not an e-mail address");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAIL_TO", "a@example.org", "HOTPAPERS_SMTP_HOST",
                "smtp.example.org", "HOTPAPERS_SMTP_FROM", "hp@example.org", "HOTPAPERS_SMTP_TLS", "true",
                "HOTPAPERS_SMTP_STARTTLS", "true")))
                .hasMessageStartingWith("HOTPAPERS_SMTP_STARTTLS: set either HOTPAPERS_SMTP_TLS");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_MAIL_TO", "a@example.org", "HOTPAPERS_SMTP_HOST",
                "smtp.example.org", "HOTPAPERS_SMTP_FROM", "hp@example.org", "HOTPAPERS_SMTP_STARTTLS", "false",
                "HOTPAPERS_SMTP_USER", "hp", "HOTPAPERS_SMTP_PASSWORD", "pw-123")))
                .hasMessageContaining("the SMTP password would cross the network in the clear to smtp.example.org")
                .hasMessageNotContaining("pw-123");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SMTP_HOST", "smtp.example.org")))
                .hasMessage("HOTPAPERS_SMTP_FROM: needed for e-mail delivery (the sender address)");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SMTP_FROM", "hp@example.org")))
                .hasMessage("HOTPAPERS_SMTP_FROM: is set but HOTPAPERS_SMTP_HOST is not: which server should send"
                        + " the mail?");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SMTP_USER", "hp", "HOTPAPERS_SMTP_PASSWORD", "pw-123")))
                .hasMessageStartingWith("HOTPAPERS_SMTP_USER: is set but HOTPAPERS_SMTP_HOST is not")
                .hasMessageNotContaining("pw-123");
    }

    @Test
    void mailWithoutGlobalRecipientsIsOnForWatchlistsOnly() {
        HotpapersConfig config = load(environment("HOTPAPERS_SMTP_HOST", "smtp.example.org",
                "HOTPAPERS_SMTP_FROM", "hp@example.org"));

        DeliverySettings.Mail mail = config.delivery().mail();
        assertThat(mail.to()).isEmpty();
        assertThat(mail.hasGlobalRecipients()).isFalse();
        assertThat(mail.from()).isEqualTo("hp@example.org");
        assertThat(config.delivery().channels()).containsExactly("email");
        assertThat(load(environment("HOTPAPERS_MAIL_TO", "a@example.org", "HOTPAPERS_SMTP_HOST", "smtp.example.org",
                "HOTPAPERS_SMTP_FROM", "hp@example.org")).delivery().mail().hasGlobalRecipients()).isTrue();
    }

    @Test
    void webhooksNeedTlsAndASigningSecretAndNeverEchoTheirUrl() {
        assertThatThrownBy(() -> load(environment("HOTPAPERS_SLACK_WEBHOOK_URL",
                "http://hooks.slack.example/services/T0/B0/SECRETPART")))
                .hasMessageStartingWith("HOTPAPERS_SLACK_WEBHOOK_URL: must be an https URL")
                .hasMessageNotContaining("SECRETPART");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_WEBHOOK_URL", "https://example.org/hook")))
                .hasMessageStartingWith("HOTPAPERS_WEBHOOK_URL: needs HOTPAPERS_WEBHOOK_SECRET");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_WEBHOOK_URL", "https://example.org/hook",
                "HOTPAPERS_WEBHOOK_SECRET", "short")))
                .hasMessage("HOTPAPERS_WEBHOOK_SECRET: must be at least 16 characters long");
        HotpapersConfig config = load(environment("HOTPAPERS_DISCORD_WEBHOOK_URL",
                "https://discord.example/api/webhooks/1/SECRETPART", "HOTPAPERS_WEBHOOK_URL", "https://example.org/hook",
                "HOTPAPERS_WEBHOOK_SECRET", "sixteen-chars-at-least"));
        assertThat(config.delivery().channels()).containsExactly("discord", "webhook");
        assertThat(config.secrets()).extracting(Secret::reveal)
                .contains("https://discord.example/api/webhooks/1/SECRETPART", "sixteen-chars-at-least");
    }

    @Test
    void theOldNameOfTheRefreshScheduleIsStillReadForEverySource() {
        ConfigLoader loader = new ConfigLoader(environment("X_REFRESH_SCHEDULE", "P2D=PT2H"), userHome, TAXONOMY);

        assertThat(loader.load().refreshPolicy().interval(Duration.ofDays(1))).contains(Duration.ofHours(2));
        assertThat(loader.warnings())
                .containsExactly("X_REFRESH_SCHEDULE is deprecated; use HOTPAPERS_REFRESH_SCHEDULE instead");
    }

    @Test
    void theRetiredOaiUrlIsIgnoredWithAWarningNotAnError() throws IOException {
        Path home = homeWithProperties("ARXIV_OAI_URL=https://oaipmh.arxiv.org/oai\n");
        ConfigLoader loader = new ConfigLoader(environment("HOTPAPERS_HOME", home.toString()), userHome, TAXONOMY);

        assertThat(loader.load()).isNotNull();

        assertThat(loader.warnings()).singleElement().asString()
                .startsWith("ARXIV_OAI_URL is no longer used and is ignored: hotpapers has no OAI-PMH client")
                .endsWith("; remove it");
        assertThat(ConfigLoader.settingNames()).doesNotContain("ARXIV_OAI_URL");
    }

    @Test
    void aReadableFileWithoutSecretsIsFine() throws IOException {
        Files.writeString(userHome.resolve("token"), "t");
        Path home = homeWithProperties("HOTPAPERS_CATEGORIES=cs.LG\nX_BEARER_TOKEN_FILE=" + userHome.resolve("token")
                + "\n");
        Files.setPosixFilePermissions(home.resolve("hotpapers.properties"), PosixFilePermissions.fromString("rw-r--r--"));
        ConfigLoader loader = new ConfigLoader(environment("HOTPAPERS_HOME", home.toString()), userHome, TAXONOMY);

        loader.load();

        assertThat(loader.warnings()).isEmpty();
    }

    @Test
    void theDatabasePasswordCanComeFromAFile() throws IOException {
        Path file = Files.writeString(userHome.resolve("db_password"), "from-a-file\n");

        HotpapersConfig config = load(environment("HOTPAPERS_DB_URL", "jdbc:postgresql://db:5432/hp",
                "HOTPAPERS_DB_PASSWORD_FILE", file.toString()));

        assertThat(((DatabaseSettings.External) config.database()).password().reveal()).isEqualTo("from-a-file");
        assertThatThrownBy(() -> load(environment("HOTPAPERS_DB_URL", "jdbc:postgresql://db:5432/hp",
                "HOTPAPERS_DB_PASSWORD_FILE", file.toString(), "HOTPAPERS_DB_PASSWORD", "inline")))
                .hasMessage("HOTPAPERS_DB_PASSWORD_FILE: set either HOTPAPERS_DB_PASSWORD or "
                        + "HOTPAPERS_DB_PASSWORD_FILE, not both");
    }
}
