package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A digest as the delivery channels see it: its title, the papers to list (cleaned of control characters and
 * bounded, but not escaped: each channel escapes for its own format) and the JSON digest for webhooks.
 *
 * @param watchlist the watchlist this digest is for, or "" for the daily digest
 * @param pageUrl the digest's page on the configured site ({@code DIGEST_SITE_URL}), or {@code null}
 * @param papers the top papers, in rank order
 * @param listedPapers how many papers the digest ranks in all
 * @param jsonDigest the JSON digest ({@code hotpapers-digest/2} when sources beyond X are enabled)
 */
public record DigestMessage(LocalDate mailingDate, String watchlist, String title, boolean correction,
                            String pageUrl, List<Paper> papers, int listedPapers, JsonNode jsonDigest) {
    public DigestMessage {
        Objects.requireNonNull(mailingDate, "mailingDate");
        Objects.requireNonNull(watchlist, "watchlist");
        Objects.requireNonNull(title, "title");
        papers = List.copyOf(papers);
    }

    /**
     * One listed paper.
     *
     * @param arxivId a validated arXiv id, safe in a URL path
     * @param engagement one line per source with engagement ({@code retweets: 3, favorites: 9}), fixed words and
     *     numbers only
     */
    public record Paper(int rank, String arxivId, String title, String authors, long score, List<String> engagement) {
        public Paper {
            engagement = List.copyOf(engagement);
        }

        /** The paper's abstract page. */
        public String url() {
            return "https://arxiv.org/abs/" + arxivId;
        }
    }

    /** The subject or heading: the digest's title, marked when it corrects one already sent. */
    public String heading() {
        return correction ? title + " (correction)" : title;
    }

    /** The same message marked as a correction of one already delivered. */
    public DigestMessage asCorrection() {
        return new DigestMessage(mailingDate, watchlist, title, true, pageUrl, papers, listedPapers, jsonDigest);
    }
}
