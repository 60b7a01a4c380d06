package io.hotpapers.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escapes untrusted text for HTML element content and quoted attribute values, including HTML written into a
 * Markdown post (where it is passed through raw).
 */
public final class Html {
    /** A URL in running text: the scheme, then everything up to white space. */
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private Html() {
    }

    /** One clean line of element content or of a double- or single-quoted attribute value. */
    public static String text(String untrusted, int maxCodePoints) {
        return escape(UntrustedText.line(untrusted, maxCodePoints));
    }

    /** Element content whose line breaks, of every kind, become {@code <br>}. */
    public static String multiLineText(String untrusted, int maxCodePoints) {
        return escape(UntrustedText.lines(untrusted, maxCodePoints)).replace("\n", "<br>");
    }

    /**
     * Element content whose line breaks become {@code <br>} and whose {@code http(s)://} URLs become anchors to
     * the vetted, percent-encoded URL ({@link WebUrl}); a URL that does not pass stays text.
     */
    public static String multiLineTextWithLinks(String untrusted, int maxCodePoints) {
        String text = UntrustedText.lines(untrusted, maxCodePoints);
        StringBuilder html = new StringBuilder(text.length() + 64);
        Matcher url = URL.matcher(text);
        int position = 0;
        while (url.find()) {
            html.append(escape(text.substring(position, url.start())));
            String shown = escape(url.group());
            WebUrl.parse(url.group()).ifPresentOrElse(
                    target -> html.append("<a href=\"").append(escape(target.toString())).append("\">").append(shown)
                            .append("</a>"),
                    () -> html.append(shown));
            position = url.end();
        }
        html.append(escape(text.substring(position)));
        return html.toString().replace("\n", "<br>");
    }

    /** A value for a quoted attribute; the same escaping as {@link #text}, named for the reader of the call. */
    public static String attribute(String untrusted, int maxCodePoints) {
        return text(untrusted, maxCodePoints);
    }

    /**
     * Escapes the characters that open markup, entities or attribute quotes, and the braces of template syntax
     * ({@code {{ }}}, {@code {% %}}, <code>${ }</code>), which site generators may expand before any HTML is parsed.
     * The text must already be clean ({@link UntrustedText}).
     */
    static String escape(String clean) {
        StringBuilder escaped = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            append(escaped, clean.charAt(i));
        }
        return escaped.toString();
    }

    /** Appends one character, escaped as {@link #escape} does. */
    static void append(StringBuilder out, char c) {
        switch (c) {
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            case '{' -> out.append("&#123;");
            case '}' -> out.append("&#125;");
            default -> out.append(c);
        }
    }
}
