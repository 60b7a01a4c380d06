package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.digest.Digest;
import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.DigestParameters;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.scheduler.site.DigestEmailHtml;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Digests to deliver in tests: entries with X engagement, titles as given. */
final class TestDigests {
    static final LocalDate DATE = LocalDate.parse("2026-11-26");
    static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), null);

    private TestDigests() {
    }

    static DigestMessages messages(ObjectMapper json, String siteUrl) {
        return messages(json, siteUrl, null);
    }

    /** Messages linking the site under {@code siteUrl} ({@code SITE_URL}) or the posts under {@code postsUrl}. */
    static DigestMessages messages(ObjectMapper json, String siteUrl, String postsUrl) {
        return new DigestMessages(json, STYLE, SourceRenderers.X_ONLY, siteUrl, postsUrl, 10);
    }

    /** The e-mail's HTML part with X's vocabulary; site links under {@code siteUrl} unless it is null. */
    static DigestEmailHtml mailHtml(String siteUrl) {
        return new DigestEmailHtml(SourceRenderers.X_ONLY, siteUrl);
    }

    /** A digest whose papers have these titles, ranked in order, with {@code likes} favorites on the first. */
    static Digest digest(long likes, String... titles) {
        return digest(likes, "An abstract.", List.of("Ada Lovelace", "Alan Turing"), titles);
    }

    /** The same, every paper with this abstract and these authors. */
    static Digest digest(long likes, String abstractText, List<String> authors, String... titles) {
        List<DigestEntry> entries = new ArrayList<>();
        for (int i = 0; i < titles.length; i++) {
            long paperLikes = likes - i;
            Paper paper = new Paper("2611.0000" + (i + 1), 1, titles[i], abstractText, authors, "cs.LG",
                    List.of("cs.LG", "stat.ML"), Instant.parse("2026-11-25T10:00:00Z"),
                    Instant.parse("2026-11-25T10:00:00Z"), null, null, null);
            DigestEntry.SourceTotals x = new DigestEntry.SourceTotals("x", 2, 3, paperLikes, 0, 0, 3 + paperLikes);
            entries.add(new DigestEntry(i + 1, paper, 3 + paperLikes, 3, paperLikes, 0, 0, 2,
                    Instant.parse("2026-11-27T08:00:00Z"), Map.of("x", x), List.of()));
        }
        return new Digest(DATE, Instant.parse("2026-11-27T09:00:00Z"), Instant.parse("2026-11-27T09:00:00Z"),
                DigestParameters.defaults(List.of("cs.LG")), titles.length, entries, Map.of());
    }
}
