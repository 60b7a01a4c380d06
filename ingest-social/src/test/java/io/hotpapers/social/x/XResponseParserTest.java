package io.hotpapers.social.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class XResponseParserTest {
    private final XResponseParser parser = new XResponseParser(new ObjectMapper(),
            Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void readsASearchPageWithMetricsUsersAndPaging() {
        XPage page = parser.parse(Fixtures.bytes("twitter-v2-search-recent-100-next_token-errors-twarc.json"));

        assertThat(page.tweets()).hasSize(100);
        assertThat(page.nextToken()).isEqualTo("b26v89c19zqg8o3fpds60ssjlg8rrux0bxoa7beulbhbx");
        assertThat(page.newestId()).isEqualTo("1440717170493689866");
        assertThat(page.users()).hasSize(112);
        assertThat(page.tweets()).allSatisfy(tweet -> {
            assertThat(tweet.metrics()).isNotNull();
            assertThat(tweet.createdAt()).isNotNull();
            assertThat(page.users()).containsKey(tweet.authorId());
        });
        assertThat(page.tweets()).filteredOn(XTweet::retweet).hasSize(78);
        // a suspended mentioned user is a problem about a user, not about the matched posts
        assertThat(page.problems()).isNotEmpty().noneMatch(XProblem::isTweetGone);
    }

    @Test
    void keepsIdsBeyondDoublePrecisionExact() {
        XPage page = parser.parse(Fixtures.bytes("twitter-v2-tweets-lookup-impression_count-twarc.json"));

        XTweet tweet = page.tweets().get(0);
        assertThat(tweet.id()).isEqualTo(1603823063690199040L);
        assertThat(tweet.metrics()).isEqualTo(new XMetrics(104, 37, 745, 24, null, 139075L));
    }

    @Test
    void aLookupWithADeletedPostReportsItGone() {
        XPage page = parser.parse(Fixtures.bytes("twitter-v2-tweets-lookup-partial-error-deleted-postman.json"));

        assertThat(page.tweets()).extracting(XTweet::id).containsExactly(20L);
        assertThat(page.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isTweetGone()).isTrue();
            assertThat(problem.resourceId()).isEqualTo("1276230436478386177");
        });
    }

    @Test
    void aRetweetIsRecognised() {
        XPage page = parser.parse(Fixtures.bytes("twitter-v2-search-all-one-result-twarc.json"));

        assertThat(page.tweets()).singleElement().satisfies(tweet -> {
            assertThat(tweet.retweet()).isTrue();
            assertThat(tweet.createdAt()).isEqualTo(Instant.parse("2021-05-18T19:24:56Z"));
        });
    }

    @Test
    void readsExpandedUrls() {
        XPage page = parser.parse(Fixtures.bytes("twitter-v2-search-recent-expanded-users-postman.json"));

        assertThat(page.tweets().get(0).expandedUrls())
                .containsExactly("https://twitter.com/happycamper/status/1276035977375477760/photo/1");
    }

    @Test
    void malformedJsonIsAMalformedResponse() {
        assertThatThrownBy(() -> parser.parse("{\"data\":[{\"id\":\"1\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> parser.parse("<html>gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void aPoisonPostIsSkippedWithItsReasonButStillBilledAndAPoisonCursorIsDropped() {
        XPage page = parser.parse("""
                {"data":[{"id":"1","text":"ok","public_metrics":{"retweet_count":1,"like_count":2}},
                         7,
                         {"id":"3","text":"bad","public_metrics":{"retweet_count":1,"impression_count":-1}},
                         {"id":"4","text":"bad","public_metrics":"many"},
                         {"id":"5"}],
                 "meta":{"newest_id":"-5","next_token":"t"}}""".getBytes(StandardCharsets.UTF_8));

        assertThat(page.tweets()).extracting(XTweet::id).containsExactly(1L);
        assertThat(page.postsRead()).isEqualTo(5);
        assertThat(page.newestId()).isNull();
        assertThat(page.skipped()).extracting(skip -> skip.item() + ": " + skip.reason()).containsExactly(
                "x post 7: the post is not a JSON object",
                "x post 3: impression_count is negative (-1)",
                "x post 4: public_metrics is not a JSON object",
                "x post 5: the post has no text",
                "x meta.newest_id: newest_id is not a positive 64-bit decimal string (\"-5\"); the cursor stays "
                        + "where it was");
    }
}
