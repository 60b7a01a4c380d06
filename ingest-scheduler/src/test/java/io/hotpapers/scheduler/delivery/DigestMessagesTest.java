package io.hotpapers.scheduler.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Where a delivered message's "whole digest" link leads, for each combination of SITE_URL and DIGEST_SITE_URL. */
class DigestMessagesTest {
    private static final String SITE = "https://papers.example.org/";
    private static final String POSTS = "https://blog.example.org/posts/";

    private final ObjectMapper json = new ObjectMapper();

    private String pageUrl(String siteUrl, String postsUrl, String watchlist) {
        return TestDigests.messages(json, siteUrl, postsUrl).of(TestDigests.digest(40, "A paper"), watchlist)
                .pageUrl();
    }

    @Test
    void withASiteTheDailyAndTheWatchlistsMessagesLinkTheirSitePagesEvenWhenPostsArePublished() {
        assertThat(pageUrl(SITE, POSTS, "")).isEqualTo(SITE + "digest/2026-11-26.html");
        assertThat(pageUrl(SITE, POSTS, "follow")).isEqualTo(SITE + "watch/follow/2026-11-26.html");
    }

    @Test
    void withoutASiteTheMessagesLinkThePublishedPostsWhereTheirFeedsLinkThem() {
        assertThat(pageUrl(null, POSTS, "")).isEqualTo(POSTS + "hot-papers-2026-11-26");
        assertThat(pageUrl(null, POSTS, "follow")).startsWith(POSTS + "watch/follow/").endsWith("2026-11-26");
    }

    @Test
    void withNeitherTheMessagesLinkNoDigestPage() {
        assertThat(pageUrl(null, null, "")).isNull();
        assertThat(pageUrl(null, null, "follow")).isNull();
    }
}
