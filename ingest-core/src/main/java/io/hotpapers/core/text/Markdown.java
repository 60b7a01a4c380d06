package io.hotpapers.core.text;

import java.util.regex.Pattern;

/**
 * Escapes untrusted text for CommonMark (and GitHub-flavoured) Markdown, so it renders as the same text and never
 * as a link, image, heading, list, code, emphasis, raw HTML, entity or template tag.
 */
public final class Markdown {
    /** Inline metacharacters, backslash-escaped wherever they occur (CommonMark lets any ASCII punctuation be). */
    private static final String BACKSLASHED = "\\`*_[]#|~";
    /** An ordered-list marker at the start of a line: digits, then {@code .} or {@code )}. */
    private static final Pattern ORDERED_LIST_START = Pattern.compile("^(\\d{1,9})([.)])");

    private Markdown() {
    }

    /**
     * One line of Markdown text (paragraph, heading or link text) that reads as the untrusted text: clean, bounded,
     * with every character that could start a construct escaped.
     */
    public static String text(String untrusted, int maxCodePoints) {
        String clean = UntrustedText.line(untrusted, maxCodePoints);
        StringBuilder escaped = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (BACKSLASHED.indexOf(c) >= 0) {
                escaped.append('\\').append(c);
            } else {
                // <, >, &, quotes and braces as entities: no raw HTML, comment, autolink, entity reference or
                // template tag survives; a backslash would not hide "{%" from Liquid, which reads the raw file
                Html.append(escaped, c);
            }
        }
        return escapeLineStart(escaped.toString());
    }

    /** Link text: the same escaping as {@link #text}, brackets included, so the text cannot close the link. */
    public static String linkText(String untrusted, int maxCodePoints) {
        return text(untrusted, maxCodePoints);
    }

    /** An inline link to a vetted http(s) target. */
    public static String link(String linkText, WebUrl target) {
        return "[" + linkText(linkText, UntrustedText.TITLE) + "](" + target + ")";
    }

    /** A line that starts with a list marker or a setext underline character gets it escaped. */
    private static String escapeLineStart(String line) {
        if (line.isEmpty()) {
            return line;
        }
        char first = line.charAt(0);
        if (first == '-' || first == '+' || first == '=') {
            return "\\" + line;
        }
        return ORDERED_LIST_START.matcher(line).replaceFirst("$1\\\\$2");
    }
}
