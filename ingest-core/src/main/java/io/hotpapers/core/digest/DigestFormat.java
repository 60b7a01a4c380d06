package io.hotpapers.core.digest;

/** The outputs of a digest. */
public enum DigestFormat {
    /** The Markdown post, {@code hot-papers-YYYY-MM-DD.md}. */
    MD,
    /** The JSON document, {@code hot-papers-YYYY-MM-DD.json}. */
    JSON,
    /** The Atom feed of the latest digests, {@code feed.atom}. */
    ATOM
}
