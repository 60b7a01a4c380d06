package io.hotpapers.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.hotpapers.core.testing.PostgresExtension;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code hotpapers backfill} end to end: configuration, arXiv stand-in, database, progress and exit codes. */
@Timeout(60)
class BackfillCommandTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String TUESDAY_ANSWER = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/test</id>
              <title>arXiv Query</title>
              <updated>2026-04-12T22:09:36Z</updated>
              <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
              <opensearch:totalResults>1</opensearch:totalResults>
              <opensearch:startIndex>0</opensearch:startIndex>
              <entry>
                <id>http://arxiv.org/abs/2105.04026v1</id>
                <title>The Modern Mathematics of Deep Learning</title>
                <updated>2021-05-09T19:47:43Z</updated>
                <summary>We describe the new field of mathematical analysis of deep learning.</summary>
                <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
                <category term="stat.ML" scheme="http://arxiv.org/schemas/atom"/>
                <published>2021-05-09T19:47:43Z</published>
                <arxiv:primary_category term="cs.LG"/>
                <author><name>Julius Berner</name></author>
                <author><name>Philipp Grohs</name></author>
              </entry>
            </feed>
            """;

    @TempDir
    Path home;

    private static final String TOKEN = "AAAA-cli-test-bearer-token";
    private static final String X_ANSWER = """
            {"data":[{"id":"1392047329712558080","author_id":"11","created_at":"2021-05-11T06:10:02.000Z","lang":"en",
            "text":"Great review https://t.co/x","public_metrics":{"retweet_count":40,"reply_count":1,"like_count":500,
            "quote_count":2},"entities":{"urls":[{"start":0,"end":23,"url":"https://t.co/x",
            "expanded_url":"https://arxiv.org/abs/2105.04026v1","display_url":"arxiv.org/abs/2105.04026"}]}}],
            "includes":{"users":[{"id":"11","username":"gkutyniok","name":"Gitta Kutyniok"}]},
            "meta":{"newest_id":"1392047329712558080","result_count":1}}
            """;

    private final MockWebServer arxiv = new MockWebServer();
    private final MockWebServer x = new MockWebServer();
    /** Hacker News needs no account, so every backfill reads it too: a stand-in with no arXiv story at all. */
    private final MockWebServer hackerNews = new MockWebServer();
    /** Hugging Face too: a stand-in whose days list nothing and which has no paper page. */
    private final MockWebServer huggingFace = new MockWebServer();
    private final Map<String, String> extraEnvironment = new HashMap<>();
    private CliRun cli;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void start() throws Exception {
        cli = new CliRun(home, "2026-11-26T12:00:00Z");
        out = cli.out;
        err = cli.err;
        postgres.truncateAll();
        postgres.jdbi().useHandle(handle -> handle.execute("TRUNCATE social_usage, social_reservations, social_billed_posts, social_spend_daily, discovery_cursors"));
        arxiv.start();
        x.start();
        hackerNews.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200)
                        .body("{\"hits\":[],\"nbHits\":0,\"nbPages\":0,\"page\":0,\"hitsPerPage\":1000}").build();
            }
        });
        hackerNews.start();
        huggingFace.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getUrl().encodedPath().equals("/api/daily_papers")
                        ? new MockResponse.Builder().code(200).body("[]").build()
                        : new MockResponse.Builder().code(404).body("{\"error\":\"Paper not found\"}").build();
            }
        });
        huggingFace.start();
    }

    @AfterEach
    void stop() {
        arxiv.close();
        x.close();
        hackerNews.close();
        huggingFace.close();
    }

    private int run(String... args) {
        Map<String, String> environment = new HashMap<>(postgres.environment());
        environment.put("HOTPAPERS_HOME", home.toString());
        environment.put("HOTPAPERS_CATEGORIES", "cs.LG");
        environment.put("HOTPAPERS_CONTACT", "mailto:editor@example.org");
        environment.put("ARXIV_API_URL", arxiv.url("/api/query").toString());
        environment.put("ARXIV_RSS_URL", arxiv.url("/rss/").toString());
        environment.put("ARXIV_MIN_INTERVAL", "PT0.001S");
        environment.put("HN_API_URL", hackerNews.url("/api/v1").toString());
        environment.put("HN_MIN_INTERVAL", "PT0.001S");
        environment.put("HF_API_URL", huggingFace.url("/").toString());
        environment.put("HF_MIN_INTERVAL", "PT0.001S");
        environment.putAll(extraEnvironment);
        return cli.run(environment, args);
    }

    @Test
    void backfillsADateAndSaysWhatItDid() throws Exception {
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());

        int exit = run("backfill", "--from", "2021-05-11");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains("backfill 2021-05-11: 1 paper(s), 1 listing row(s), 0 skipped (1/1 dates, ETA 0:00:00)")
                .contains("backfill done: 1 mailing date(s) from 2021-05-11 to 2021-05-11 (0 already done), 1 paper(s)");
        RecordedRequest request = arxiv.takeRequest();
        assertThat(request.getUrl().queryParameter("search_query")).startsWith("(cat:cs.LG) AND (submittedDate:");
        assertThat(request.getHeaders().get("User-Agent")).startsWith("hotpapers/")
                .endsWith("; mailto:editor@example.org)");
        int listings = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM listings WHERE mailing_date = '2021-05-11' AND announce_type = 'new'")
                .mapTo(Integer.class).one());
        assertThat(listings).isEqualTo(1);
    }

    @Test
    void withoutAnyAccountAPastDateGetsItsHackerNewsAndHuggingFaceEngagementAndTheJsonDigestCarriesIt()
            throws Exception {
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());
        hackerNews.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // one story linking the paper's pdf, and a comment naming it, which never counts
                return new MockResponse.Builder().code(200).body("""
                        {"hits":[{"objectID":"27123456","title":"The Modern Mathematics of Deep Learning",
                        "url":"https://arxiv.org/pdf/2105.04026v1","author":"grace_h","points":120,"num_comments":33,
                        "created_at":"2021-05-11T12:00:00.000Z","created_at_i":1620734400,
                        "_tags":["story","author_grace_h","story_27123456"]},
                        {"objectID":"27123999","comment_text":"see https://arxiv.org/abs/2105.04026","author":"ann",
                        "created_at":"2021-05-11T13:00:00.000Z","created_at_i":1620738000,"story_id":27123000,
                        "_tags":["comment","author_ann","story_27123000"]}],
                        "nbHits":2,"nbPages":1,"page":0,"hitsPerPage":1000}
                        """).build();
            }
        });
        huggingFace.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!request.getUrl().encodedPath().equals("/api/daily_papers")) {
                    return new MockResponse.Builder().code(404).body("{\"error\":\"Paper not found\"}").build();
                }
                boolean listed = "2021-05-11".equals(request.getUrl().queryParameter("date"));
                return new MockResponse.Builder().code(200).body(!listed ? "[]" : "[{\"paper\":{\"id\":\"2105.04026\","
                        + "\"title\":\"The Modern Mathematics of Deep Learning\",\"upvotes\":54,"
                        + "\"publishedAt\":\"2021-05-10T00:00:00.000Z\",\"submittedOnDailyAt\":\"2021-05-11T00:00:00.000Z\"},"
                        + "\"publishedAt\":\"2021-05-11T03:00:00.000Z\",\"title\":\"The Modern Mathematics of Deep Learning\","
                        + "\"numComments\":2,\"isAuthorParticipating\":false}]").build();
            }
        });

        assertThat(run("backfill", "--from", "2021-05-11")).as(err.toString()).isZero();
        assertThat(run("digest", "--date", "2021-05-11", "--format", "json")).as(err.toString()).isZero();

        JsonNode digest = new ObjectMapper().readTree(home.resolve("digests/hot-papers-2021-05-11.json").toFile());
        assertThat(digest.path("schema").asText()).isEqualTo("hotpapers-digest/2");
        JsonNode entry = digest.path("entries").get(0);
        assertThat(entry.path("arxivId").asText()).isEqualTo("2105.04026");
        assertThat(entry.path("sources").path("hackernews").toString())
                .isEqualTo("{\"posts\":1,\"points\":120,\"comments\":33}");
        assertThat(entry.path("sources").path("huggingface").toString())
                .isEqualTo("{\"upvotes\":54,\"comments\":2}");
        assertThat(entry.path("score").asLong()).isEqualTo(174);
    }

    @Test
    void aDateBeforeArxivsFirstAnnouncementIsRefusedWithExitTwo() {
        assertThat(run("backfill", "--from", "1991-08-13", "--to", "1991-08-20")).isEqualTo(2);

        assertThat(err.toString()).contains("--from 1991-08-13 is before arXiv's first announcement (1991-08-14)");
        assertThat(arxiv.getRequestCount()).isZero();
    }

    @Test
    void aRangeOverAMonthOfMailingsPrintsItsEstimateBeforeItsFirstRequest() {
        // the first request fails, so the run ends there: the estimate was printed before it
        arxiv.enqueue(new MockResponse.Builder().code(400).body("""
                <?xml version='1.0' encoding='UTF-8'?>
                <feed xmlns="http://www.w3.org/2005/Atom"><id>https://arxiv.org/</id><title>arXiv</title>
                <updated>2026-04-12T22:59:06Z</updated>
                <entry><id>https://arxiv.org/api/errors#bad_query</id><title>Error</title>
                <updated>2026-04-12T22:59:06Z</updated><summary>malformed query</summary></entry></feed>
                """).build());
        extraEnvironment.put("ARXIV_MIN_INTERVAL", "PT3S");

        assertThat(run("backfill", "--from", "2021-03-01", "--to", "2021-04-30", "--no-social")).isEqualTo(1);

        assertThat(err.toString().lines().findFirst()).contains("backfill estimate: 45 mailing date(s) from "
                + "2021-03-01 to 2021-04-30, 45 still to do: at least 1 arXiv request(s), at least 0:00:03 at "
                + "ARXIV_MIN_INTERVAL PT3S (more for over 2,000 papers a query)");
        assertThat(arxiv.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRangeOfAMonthOrLessStartsWithoutAnEstimate() {
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());

        assertThat(run("backfill", "--from", "2021-05-11")).isZero();

        assertThat(err.toString()).doesNotContain("backfill estimate");
    }

    @Test
    void aSecondRunFindsEverythingDone() {
        // Monday and Tuesday are read with one query over both windows; its one paper is Tuesday's
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());
        run("backfill", "--from", "2021-05-10", "--to", "2021-05-11", "--categories", "cs.LG");
        err.getBuffer().setLength(0);

        assertThat(run("backfill", "--from", "2021-05-11", "--categories", "cs.LG")).isZero();

        assertThat(err.toString()).contains("backfill 2021-05-11: already done (1/1 dates)");
        assertThat(arxiv.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anArxivFailureIsOneLineAndExitOne() {
        arxiv.enqueue(new MockResponse.Builder().code(400).body("""
                <?xml version='1.0' encoding='UTF-8'?>
                <feed xmlns="http://www.w3.org/2005/Atom"><id>https://arxiv.org/</id><title>arXiv</title>
                <updated>2026-04-12T22:59:06Z</updated>
                <entry><id>https://arxiv.org/api/errors#bad_query</id><title>Error</title>
                <updated>2026-04-12T22:59:06Z</updated><summary>malformed query</summary></entry></feed>
                """).build());

        assertThat(run("backfill", "--from", "2021-05-11")).isEqualTo(1);

        assertThat(err.toString().lines().filter(line -> line.startsWith("hotpapers backfill:")))
                .containsExactly("hotpapers backfill: failed: arXiv API rejected the request: "
                        + "arXiv API error: malformed query");
    }

    @Test
    void withATokenTheBackfillFindsTweetsRightAfterEachDate() throws Exception {
        extraEnvironment.put("X_BEARER_TOKEN", TOKEN);
        extraEnvironment.put("X_API_URL", x.url("/").toString());
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());
        x.enqueue(new MockResponse.Builder().code(200).body(X_ANSWER).build());

        int exit = run("backfill", "--from", "2021-05-11");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("backfill 2021-05-11: 1 tweet(s) found for 1 paper(s)")
                .contains("backfill social: 1 tweet(s) for 1 paper(s); 1 post(s) read, 1 of 10,000 used this month");
        RecordedRequest search = x.takeRequest();
        assertThat(search.getUrl().encodedPath()).isEqualTo("/2/tweets/search/recent");
        assertThat(search.getUrl().queryParameter("query")).contains("url:\"2105.04026\"");
        int snapshots = postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM post_snapshots s JOIN post_papers p USING (post_key) WHERE p.arxiv_id = '2105.04026'")
                .mapTo(Integer.class).one());
        assertThat(snapshots).isEqualTo(1);
        assertThat(out.toString() + err).doesNotContain(TOKEN);
    }

    @Test
    void aRefusedTokenStopsTheSocialPartOnlyAndSaysWhichSettingToFix() {
        extraEnvironment.put("X_BEARER_TOKEN", TOKEN);
        extraEnvironment.put("X_API_URL", x.url("/").toString());
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());
        x.enqueue(new MockResponse.Builder().code(401).body("{\"title\":\"Unauthorized\",\"status\":401}").build());

        int exit = run("backfill", "--from", "2021-05-11");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("hotpapers backfill: X API refused the bearer token (HTTP 401); "
                + "check X_BEARER_TOKEN").doesNotContain(TOKEN);
        int papers = postgres.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM papers")
                .mapTo(Integer.class).one());
        assertThat(papers).as("the arXiv part is kept").isEqualTo(1);
    }

    @Test
    @Tag("reliability")
    void theTokenAppearsInNoLogLineNoMessageAndNoRowOfAFailingRun() {
        extraEnvironment.put("X_BEARER_TOKEN", TOKEN);
        extraEnvironment.put("X_API_URL", x.url("/").toString());
        arxiv.enqueue(new MockResponse.Builder().code(200).body(TUESDAY_ANSWER).build());
        x.enqueue(new MockResponse.Builder().code(401).body("{\"title\":\"Unauthorized\"}").build());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.ALL);
        try {
            run("backfill", "--from", "2021-05-11");
            run("status");
        } finally {
            root.detachAppender(captured);
            root.setLevel(level);
        }

        StringBuilder everything = new StringBuilder(out.toString()).append(err);
        for (ILoggingEvent event : captured.list) {
            everything.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                everything.append(cause.getMessage()).append('\n');
            }
        }
        assertThat(captured.list).isNotEmpty();
        assertThat(err.toString()).contains("check X_BEARER_TOKEN");
        assertThat(everything.toString()).doesNotContain(TOKEN);
        String stored = postgres.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT string_agg(coalesce(error, '') || counts::text || scope, ' ') FROM ingest_runs
                """).mapTo(String.class).one()) + postgres.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(string_agg(reason, ' '), '') FROM ingest_skips").mapTo(String.class).one());
        assertThat(stored).contains("X_BEARER_TOKEN").doesNotContain(TOKEN);
    }
}
