package io.hotpapers.core.text;

/**
 * Prepares untrusted text for an XML text node or attribute written by an XML library (Rome, JFreeSVG), which
 * escapes markup but throws on, or writes unreadable files with, characters XML 1.0 does not allow.
 */
public final class Xml {
    private Xml() {
    }

    /** One clean line: no control, bidi or non-character, so the library's own escaping yields well-formed XML. */
    public static String text(String untrusted, int maxCodePoints) {
        return UntrustedText.line(untrusted, maxCodePoints);
    }

    /** Clean lines separated by {@code \n}, for multi-line text constructs. */
    public static String lines(String untrusted, int maxCodePoints) {
        return UntrustedText.lines(untrusted, maxCodePoints);
    }
}
