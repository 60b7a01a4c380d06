package io.hotpapers.arxiv;

import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.run.Skip;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One page of arXiv query API results.
 *
 * @param totalResults how many results the whole query has ({@code opensearch:totalResults})
 * @param startIndex the offset of this page ({@code opensearch:startIndex})
 * @param papers the usable entries, in the API's order
 * @param skipped entries that could not be used, with the reason
 */
public record ApiPage(int totalResults, int startIndex, List<Paper> papers, List<Skip> skipped) {
    public ApiPage {
        papers = List.copyOf(papers);
        skipped = List.copyOf(skipped);
    }

    /** The ids of this page's entries, usable or not (a skipped entry by the item it was recorded under). */
    public Set<String> ids() {
        Set<String> ids = new HashSet<>();
        papers.forEach(paper -> ids.add(paper.arxivId()));
        skipped.forEach(skip -> ids.add(skip.item()));
        return ids;
    }

    /** Entries on this page, usable or not. */
    public int entryCount() {
        return papers.size() + skipped.size();
    }
}
