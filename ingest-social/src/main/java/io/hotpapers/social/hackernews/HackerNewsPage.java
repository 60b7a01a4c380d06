package io.hotpapers.social.hackernews;

import io.hotpapers.core.run.Skip;
import java.util.List;

/**
 * One page of a Hacker News search answer.
 *
 * @param page this page's number (0-based)
 * @param pages how many pages the query can be read through ({@code nbPages}; Algolia stops at 1,000 hits)
 * @param hitsPerPage the page size the server applied
 * @param totalHits how many items matched in all ({@code nbHits}), which may exceed what paging reaches
 * @param delivered how many hits the page carried, skipped ones included
 * @param skipped the hits left out because they break what the API defines, each with the reason
 */
public record HackerNewsPage(List<HackerNewsHit> hits, int page, int pages, int hitsPerPage, long totalHits,
                             int delivered, List<Skip> skipped) {
    public HackerNewsPage {
        hits = List.copyOf(hits);
        skipped = List.copyOf(skipped);
    }

    /** Whether another page of the same query can be asked for. */
    public boolean hasNextPage() {
        return page + 1 < pages;
    }
}
