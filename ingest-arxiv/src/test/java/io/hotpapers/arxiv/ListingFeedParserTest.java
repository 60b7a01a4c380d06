package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ListingFeedParserTest {
    private final ListingFeedParser parser = new ListingFeedParser();

    @Test
    void readsTheMailingDateAndEveryItem() {
        ListingFeed feed = parser.parse(Fixtures.bytes("arxiv-rss-all-archives-2024-11-28.trimmed.xml"));

        assertThat(feed.mailingDate()).isEqualTo(LocalDate.parse("2024-11-28"));
        assertThat(feed.items()).hasSize(11);
        assertThat(feed.skipped()).isEmpty();
        Map<AnnounceType, Long> types = feed.items().stream()
                .collect(Collectors.groupingBy(ListingItem::announceType, Collectors.counting()));
        assertThat(types).isEqualTo(Map.of(AnnounceType.NEW, 5L, AnnounceType.CROSS, 3L, AnnounceType.REPLACE, 3L));
        Map<String, ListingItem> byId = feed.items().stream()
                .collect(Collectors.toMap(item -> item.id().id(), Function.identity()));
        assertThat(byId.get("2411.17702").categories()).containsExactly("eess.SP", "cs.LG");
        assertThat(byId.get("2411.17702").id()).isEqualTo(new ArxivId("2411.17702", 1));
        assertThat(byId.get("1401.3665").id().version()).isEqualTo(4);
        assertThat(byId.get("1401.3665").isReplacement()).isTrue();
    }

    @Test
    void aFeedWithoutItemsIsNoAnnouncement() {
        ListingFeed feed = parser.parse(Fixtures.bytes("arxiv-rss-empty-no-items-2024-11-28.xml"));

        assertThat(feed.mailingDate()).isEqualTo(LocalDate.parse("2024-11-28"));
        assertThat(feed.isAnnouncement()).isFalse();
    }

    @Test
    void readsTheMessageOfAnErrorFeed() {
        assertThat(parser.errorMessage(Fixtures.bytes("arxiv-rss-error-bad-archive.xml")))
                .hasValueSatisfying(message -> assertThat(message).startsWith("Bad archive 'astroph'."));
    }

    @Test
    void anItemWithoutAnIdIsSkippedWithItsReason() {
        String body = Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml")
                .replace("<guid isPermaLink=\"false\">oai:arXiv.org:2411.17700v1</guid>", "")
                .replace("<link>https://arxiv.org/abs/2411.17700</link>", "");

        ListingFeed feed = parser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(feed.items()).hasSize(10);
        assertThat(feed.skipped()).extracting(Skip::reason).containsExactly("listing item without a usable arXiv id");
    }

    @Test
    void aTruncatedFeedIsMalformed() {
        String body = Fixtures.text("arxiv-rss-all-archives-2024-11-28.trimmed.xml");

        assertThatThrownBy(() -> parser.parse(body.substring(0, body.length() / 3).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class);
    }
}
