package io.hotpapers.core.paper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArxivIdTest {

    @ParameterizedTest
    @CsvSource({
        "2105.04026, 2105.04026, 0",
        "2105.04026v2, 2105.04026, 2",
        "arXiv:2105.04026v12, 2105.04026, 12",
        "0704.0001, 0704.0001, 0",
        "hep-th/9901001, hep-th/9901001, 0",
        "hep-th/9901001v3, hep-th/9901001, 3",
        "math.GT/0309136, math.GT/0309136, 0",
        "http://arxiv.org/abs/2105.04026v1, 2105.04026, 1",
        "https://arxiv.org/pdf/2105.04026v2.pdf, 2105.04026, 2",
        "https://export.arxiv.org/abs/hep-ex/0307015, hep-ex/0307015, 0",
        "https://www.arxiv.org/html/2411.17700v1, 2411.17700, 1",
        "oai:arXiv.org:2411.17700v1, 2411.17700, 1",
        "http://arxiv.org/abs/astro-ph/0601001v1, astro-ph/0601001, 1",
    })
    void readsEveryFormArxivUses(String text, String id, int version) {
        assertThat(ArxivId.parse(text)).contains(new ArxivId(id, version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "2105.0402", "2105.040261", "https://arxiv.org/list/cs.LG/recent",
        "https://arxiv.org/api/errors#incorrect_id_format_for_abc", "HEP-TH/9901001", "2105.04026v"})
    void rejectsWhatIsNotAnId(String text) {
        assertThat(ArxivId.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2105.04026, 0, 2105.04026", "2105.04026, 3, 2105.04026v3"})
    void printsAsArxivDoes(String id, int version, String printed) {
        assertThat(new ArxivId(id, version)).hasToString(printed);
    }
}
