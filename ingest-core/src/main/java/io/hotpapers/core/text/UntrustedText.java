package io.hotpapers.core.text;

/**
 * Cleans and bounds text written by strangers (titles, abstracts, names, tweets) before any escaping: removes
 * control, bidi-override and non-characters, normalises every kind of line break and cuts over-long text with an
 * ellipsis.
 *
 * <p>Every output context starts from this: a control character is not valid XML, a bidi override reorders the
 * text around it, a lone {@code \r} or U+2028 ends a Markdown line, and a 10 kB title breaks any layout.
 */
public final class UntrustedText {
    /** Longest paper title shown, in code points. */
    public static final int TITLE = 500;
    /** Longest author line shown (all authors joined), in code points. */
    public static final int AUTHORS = 1_000;
    /** Longest abstract shown, in code points; arXiv itself allows 1,920 characters. */
    public static final int ABSTRACT = 5_000;
    /** Longest display name or username shown, in code points; X allows 50 and 15. */
    public static final int NAME = 100;
    /** Longest tweet text shown, in code points; long posts on X reach 25,000, a digest shows the start. */
    public static final int TWEET = 4_000;
    /** Longest single category shown as text, in code points; real codes are under 20. */
    public static final int CATEGORY = 40;
    /** What stands for the cut-off rest of a text that was too long. */
    public static final String ELLIPSIS = "…";

    private UntrustedText() {
    }

    /**
     * The text as one clean line of at most {@code maxCodePoints}: every line break becomes a space, control and
     * bidi characters are removed, leading and trailing white space is stripped.
     */
    public static String line(String text, int maxCodePoints) {
        return bound(clean(text, " ").strip(), maxCodePoints);
    }

    /**
     * The text as clean lines separated by {@code \n}, at most {@code maxCodePoints} long: {@code \r\n}, {@code \r},
     * U+0085, U+2028, U+2029, vertical tab and form feed all become {@code \n}.
     */
    public static String lines(String text, int maxCodePoints) {
        return bound(clean(text, "\n").strip(), maxCodePoints);
    }

    /** Whether a code point ends a line in some reader: CommonMark, HTML, XML, Unicode or a terminal. */
    public static boolean isLineBreak(int codePoint) {
        return codePoint == '\n' || codePoint == '\r' || codePoint == 0x0B || codePoint == 0x0C
                || codePoint == 0x85 || codePoint == 0x2028 || codePoint == 0x2029;
    }

    /** Whether a code point is removed from all output: controls (not tab or breaks), bidi controls, non-characters. */
    public static boolean isDropped(int codePoint) {
        if (codePoint == '\t' || isLineBreak(codePoint)) {
            return false;
        }
        return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F)
                || (codePoint >= 0x202A && codePoint <= 0x202E) // embeddings and overrides
                || (codePoint >= 0x2066 && codePoint <= 0x2069) // isolates
                || codePoint == 0x061C // Arabic letter mark, a bidi control too
                || (codePoint & 0xFFFE) == 0xFFFE // U+FFFE, U+FFFF and their kin in every plane: not characters
                || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF);
    }

    private static String clean(String text, String lineBreak) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), 1 << 16));
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (codePoint == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                width = 2; // one break, not two
            }
            i += width;
            if (isLineBreak(codePoint)) {
                clean.append(lineBreak);
            } else if (codePoint == '\t') {
                clean.append(' ');
            } else if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                clean.append('\uFFFD'); // a lone surrogate is no character; XML and UTF-8 writers reject it
            } else if (!isDropped(codePoint)) {
                clean.appendCodePoint(codePoint);
            }
        }
        return clean.toString();
    }

    /** The first {@code maxCodePoints} code points, the last of them an ellipsis when the text was longer. */
    private static String bound(String text, int maxCodePoints) {
        if (maxCodePoints < 1) {
            throw new IllegalArgumentException("maxCodePoints must be at least 1, got " + maxCodePoints);
        }
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        int end = text.offsetByCodePoints(0, maxCodePoints - 1);
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
