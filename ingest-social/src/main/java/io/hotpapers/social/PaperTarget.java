package io.hotpapers.social;

import java.time.LocalDate;

/**
 * A paper to search posts for.
 *
 * @param latestVersion the newest version known, so that links to every version are searched
 * @param cursor where the source's last search for this paper ended (opaque: only the source reads it), or
 *     {@code null} when never searched
 * @param listedOn the mailing date of the listing that made it a target, or {@code null} when unknown: sources that
 *     read whole days (Hugging Face's daily papers) look around it
 */
public record PaperTarget(String arxivId, int latestVersion, String cursor, LocalDate listedOn) {

    /** A target whose listing date is not known. */
    public PaperTarget(String arxivId, int latestVersion, String cursor) {
        this(arxivId, latestVersion, cursor, null);
    }
}
