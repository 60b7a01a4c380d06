package io.hotpapers.social.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.social.PaperTarget;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryPackerTest {

    private static List<PaperTarget> papers(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PaperTarget(String.format("2105.%05d", i), 1 + i % 3, null))
                .toList();
    }

    @Test
    void packsAsManyPapersAsTheLimitAllowsAndNeverMore() {
        List<PaperTarget> papers = papers(200);

        List<QueryPacker.PackedQuery> queries = new QueryPacker(512).pack(papers);

        assertThat(queries).allSatisfy(query -> {
            assertThat(query.query().length()).isLessThanOrEqualTo(512);
            assertThat(query.query()).endsWith(") -is:retweet").startsWith("(url:\"");
        });
        assertThat(queries.stream().flatMap(query -> query.papers().stream()).toList()).isEqualTo(papers);
        // greedy packing: each query but the last would overflow with the next paper
        for (int i = 0; i + 1 < queries.size(); i++) {
            PaperTarget next = queries.get(i + 1).papers().get(0);
            assertThat(queries.get(i).query().length() + 4 + QueryPacker.terms(next).length()).isGreaterThan(512);
        }
        assertThat(queries.size()).isLessThan(papers.size() / 5);
    }

    @Test
    void namesTheIdAndEachRecentVersion() {
        assertThat(QueryPacker.terms(new PaperTarget("2105.04026", 2, null)))
                .isEqualTo("url:\"2105.04026\" OR url:\"2105.04026v1\" OR url:\"2105.04026v2\"");
        assertThat(QueryPacker.terms(new PaperTarget("hep-th/9901001", 7, null)))
                .isEqualTo("url:\"hep-th/9901001\" OR url:\"hep-th/9901001v5\" OR url:\"hep-th/9901001v6\" "
                        + "OR url:\"hep-th/9901001v7\"");
    }

    @Test
    void aLongerLimitPacksMorePapersPerQuery() {
        assertThat(new QueryPacker(1024).pack(papers(200)).size())
                .isLessThan(new QueryPacker(512).pack(papers(200)).size());
    }
}
