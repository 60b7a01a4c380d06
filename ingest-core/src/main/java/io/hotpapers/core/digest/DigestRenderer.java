package io.hotpapers.core.digest;

import java.time.LocalDate;
import java.util.List;

/**
 * One output of a digest, keyed by its {@link DigestFormat}: a new format (HTML, e-mail) is one class implementing
 * {@link PerDate} or {@link Recent}, registered in {@link DigestRenderers}.
 */
public sealed interface DigestRenderer {
    /** The format this renderer writes; each format has exactly one renderer. */
    DigestFormat format();

    /** A file of one mailing date's digest, removed when that digest is deleted. */
    non-sealed interface PerDate extends DigestRenderer {
        /** The file's name in the digest directory. */
        String fileName(LocalDate mailingDate);

        /** The file's content. */
        String render(Digest digest);
    }

    /** A file across the latest stored digests (a feed), rewritten whenever one is written or deleted. */
    non-sealed interface Recent extends DigestRenderer {
        /** The file's name in the digest directory. */
        String fileName();

        /** How many of the latest stored digests the file holds. */
        int size();

        /** The file's content from the latest stored digests, newest first. */
        String render(List<StoredDigest> recent);
    }
}
