package io.hotpapers.social.huggingface;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One paper page as Hugging Face describes it, validated and bounded.
 *
 * @param arxivId the arXiv id without version (the page's id)
 * @param title the title as one clean line, "" when absent
 * @param upvotes the page's upvotes, or {@code null} when the answer carried none (then no snapshot is taken)
 * @param comments the comments on the page, 0 when the answer did not say
 * @param submittedOnDailyAt when it was put in Daily Papers, or {@code null} when it never was (or not said)
 * @param listedAt the entry's own time in a daily list, or {@code null} for a single paper page
 * @param publishedAt the arXiv publication time Hugging Face gives, or {@code null}
 * @param submitterId the Hugging Face id of who put it in Daily Papers, or {@code null}
 * @param submitterHandle that person's user name, or {@code null}
 * @param submitterName that person's display name, or {@code null}
 */
public record HfPaper(String arxivId, String title, Long upvotes, long comments, Instant submittedOnDailyAt,
                      Instant listedAt, Instant publishedAt, String submitterId, String submitterHandle,
                      String submitterName) {

    /** The Daily Papers date it is listed on (UTC), when it was put there. */
    public LocalDate dailyDate() {
        return submittedOnDailyAt == null ? null : LocalDate.ofInstant(submittedOnDailyAt, ZoneOffset.UTC);
    }

    /** The best known time the page appeared: in Daily Papers, else the list entry, else arXiv's publication. */
    public Instant appearedAt() {
        if (submittedOnDailyAt != null) {
            return submittedOnDailyAt;
        }
        return listedAt != null ? listedAt : publishedAt;
    }
}
