package io.hotpapers.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArxivLinkExtractorTest {
    private final ArxivLinkExtractor extractor = new ArxivLinkExtractor();

    @ParameterizedTest
    @CsvSource({
        "https://arxiv.org/abs/2105.04026, 2105.04026",
        "https://arxiv.org/abs/2105.04026v2, 2105.04026",
        "http://arxiv.org/pdf/2105.04026, 2105.04026",
        "https://arxiv.org/pdf/2105.04026v1.pdf, 2105.04026",
        "https://arxiv.org/pdf/2105.04026.pdf, 2105.04026",
        "https://www.arxiv.org/abs/2105.04026, 2105.04026",
        "https://export.arxiv.org/abs/2105.04026, 2105.04026",
        "https://arxiv.org/html/2411.17700v1, 2411.17700",
        "https://arxiv.org/html/2411.17700v1/, 2411.17700",
        "https://arxiv.org/format/2105.04026, 2105.04026",
        "https://arxiv.org/abs/hep-th/9901001, hep-th/9901001",
        "https://arxiv.org/abs/hep-th/9901001v2, hep-th/9901001",
        "https://arxiv.org/abs/2105.04026?context=cs.LG, 2105.04026",
        "https://arxiv.org/abs/2105.04026#S3, 2105.04026",
        "https://www.alphaxiv.org/abs/2105.04026, 2105.04026",
        "https://huggingface.co/papers/2105.04026, 2105.04026",
    })
    void resolvesEveryFormOfPaperLink(String link, String id) {
        assertThat(extractor.paperId(link)).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://arxiv.org/list/cs.LG/recent", "https://arxiv.org/abs/", "https://example.org/abs/2105.04026",
        "https://github.com/org/repo/2105.04026", "https://arxiv.org/a/lecun_y_1", "not a url 2105.04026",
        "https://twitter.com/happycamper/status/1276035977375477760/photo/1", "https://notarxiv.org/abs/2105.04026"})
    void ignoresLinksThatAreNotPapers(String link) {
        assertThat(extractor.paperId(link)).isEmpty();
    }

    @Test
    void aPostLinkingSeveralPapersBelongsToEach() {
        assertThat(extractor.paperIds(List.of("https://arxiv.org/abs/2105.04026", "https://t.co/x",
                "https://arxiv.org/pdf/2101.00001v3", "https://huggingface.co/papers/2105.04026")))
                .containsExactly("2105.04026", "2101.00001");
    }
}
