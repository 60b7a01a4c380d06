package io.hotpapers.arxiv;

import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.run.Skip;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches and stores the metadata of listed papers, in batches of up to {@value ArxivClient#MAX_PAGE_SIZE} ids per
 * request, storing each batch as it arrives so that a failure keeps what was already fetched.
 */
public final class MetadataFetcher {
    private final ArxivClient client;
    private final PaperStore papers;
    private final int batchSize;

    public MetadataFetcher(ArxivClient client, PaperStore papers, int batchSize) {
        if (batchSize < 1 || batchSize > ArxivClient.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + ArxivClient.MAX_PAGE_SIZE);
        }
        this.client = client;
        this.papers = papers;
        this.batchSize = batchSize;
    }

    /** What a fetch stored and what it could not. */
    public record Result(int requested, int stored, List<Skip> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /** Fetches the latest metadata of the given ids (without version) and stores it. */
    public Result fetch(List<String> ids) {
        int stored = 0;
        List<Skip> skipped = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
            ApiPage page = client.byIds(batch);
            papers.upsert(page.papers());
            stored += page.papers().size();
            skipped.addAll(page.skipped());
            // arXiv drops unknown ids silently: whatever was asked for and not answered is recorded
            Set<String> answered = new HashSet<>();
            page.papers().stream().map(Paper::arxivId).forEach(answered::add);
            page.skipped().stream().map(Skip::item).forEach(answered::add);
            batch.stream().filter(id -> !answered.contains(id))
                    .forEach(id -> skipped.add(new Skip(id, "not returned by the arXiv API")));
        }
        return new Result(ids.size(), stored, skipped);
    }
}
