package io.hotpapers.core.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link target safe to write into Markdown and HTML: an absolute {@code http} or {@code https} URL with a host,
 * every character outside a conservative ASCII set percent-encoded. Nothing else ever becomes a link: a
 * {@code javascript:}, {@code data:} or {@code vbscript:} URL, in any case or encoding, cannot be made into one.
 */
public final class WebUrl {
    private static final Pattern HTTP = Pattern.compile("(?i)(https?)://([^/?#\\\\]+)(.*)", Pattern.DOTALL);
    /** Kept as they are; everything else is percent-encoded (quotes, brackets, parentheses, spaces, non-ASCII). */
    private static final String KEPT = "-._~:/?#@!$&*+,;=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String value;

    private WebUrl(String value) {
        this.value = value;
    }

    /** The URL, vetted and percent-encoded, or empty when it is not an http(s) URL with a host. */
    public static Optional<WebUrl> parse(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        Matcher url = HTTP.matcher(candidate);
        if (!url.matches()) {
            return Optional.empty();
        }
        String encoded = url.group(1).toLowerCase(Locale.ROOT) + "://" + encode(url.group(2) + url.group(3));
        try {
            URI uri = new URI(encoded);
            if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(new WebUrl(encoded));
    }

    /** A URL we build ourselves from a fixed prefix; fails loudly when the result is not one. */
    public static WebUrl of(String url) {
        return parse(url).orElseThrow(() -> new IllegalArgumentException("not an http(s) URL: " + url));
    }

    private static String encode(String rest) {
        StringBuilder encoded = new StringBuilder(rest.length() + 16);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (isAsciiLetterOrDigit(c) || KEPT.indexOf(c) >= 0) {
                encoded.append(c);
            } else if (c == '%' && i + 2 < rest.length() && isHex(rest.charAt(i + 1)) && isHex(rest.charAt(i + 2))) {
                encoded.append(c); // already an escape
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < rest.length() ? i + 2 : i + 1;
                for (byte b : rest.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
                i = end - 1;
            }
        }
        return encoded.toString();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The encoded URL: safe as a Markdown link destination and, HTML-escaped for {@code &}, as an attribute. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebUrl url && url.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
