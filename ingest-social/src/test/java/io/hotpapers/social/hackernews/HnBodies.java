package io.hotpapers.social.hackernews;

import java.util.List;

/** Hacker News search answers in the recorded (2023+) shape, for paging and refresh tests. */
final class HnBodies {
    private HnBodies() {
    }

    static String story(long id, String author, String url, long points, long comments, long createdAtSecond) {
        return "{\"_tags\":[\"story\",\"author_" + author + "\",\"story_" + id + "\"],\"author\":\"" + author + "\","
                + "\"children\":[],\"created_at\":\"" + java.time.Instant.ofEpochSecond(createdAtSecond) + "\","
                + "\"created_at_i\":" + createdAtSecond + ",\"num_comments\":" + comments + ",\"objectID\":\"" + id
                + "\",\"points\":" + points + ",\"story_id\":" + id + ",\"title\":\"Story " + id + "\","
                + "\"updated_at\":\"2026-11-01T00:00:00Z\"" + (url == null ? "" : ",\"url\":\"" + url + "\"") + "}";
    }

    static String page(List<String> hits, int page, int pages, int hitsPerPage, long totalHits) {
        return "{\"exhaustive\":{\"nbHits\":true,\"typo\":true},\"exhaustiveNbHits\":true,\"hits\":["
                + String.join(",", hits) + "],\"hitsPerPage\":" + hitsPerPage + ",\"nbHits\":" + totalHits
                + ",\"nbPages\":" + pages + ",\"page\":" + page + ",\"params\":\"advancedSyntax=true\","
                + "\"processingTimeMS\":1,\"query\":\"arxiv.org\",\"serverTimeMS\":2}";
    }

    /** Every hit on one page. */
    static String page(List<String> hits) {
        return page(hits, 0, hits.isEmpty() ? 0 : 1, 1000, hits.size());
    }
}
