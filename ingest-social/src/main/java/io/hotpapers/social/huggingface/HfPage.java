package io.hotpapers.social.huggingface;

import io.hotpapers.core.run.Skip;
import java.util.List;

/**
 * What one answer of the Hugging Face API held.
 *
 * @param entries how many entries the answer had, usable or not (paging stops on a short page)
 * @param skipped entries in a shape the API does not define, each with the reason
 */
public record HfPage(List<HfPaper> papers, int entries, List<Skip> skipped) {
    public HfPage {
        papers = List.copyOf(papers);
        skipped = List.copyOf(skipped);
    }
}
