package io.hotpapers.core.config;

import java.util.regex.Pattern;

/**
 * The e-mail addresses hotpapers sends to, wherever they come from ({@code HOTPAPERS_MAIL_TO}, a watchlist's
 * recipients): a bare address, ASCII, one {@code @}, a host name; no display name, quotes, brackets, spaces or line
 * breaks, so that an address can never add a header or a recipient of its own.
 */
public final class MailAddresses {
    /** The longest address (RFC 5321's path limit less its brackets). */
    public static final int MAX_LENGTH = 254;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9]"
            + "([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern ADDRESS_START = Pattern.compile("(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])"
            + "([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]*@(?=[A-Za-z0-9])");

    private MailAddresses() {
    }

    /** Whether the text is one bare address as hotpapers accepts it. */
    public static boolean isPlain(String address) {
        return address != null && address.length() <= MAX_LENGTH && PLAIN.matcher(address).matches();
    }

    /**
     * The text with every address in it shortened to its first character and its domain ({@code r…@example.org}):
     * enough for an operator to tell recipients apart in a log, not enough to harvest them.
     */
    public static String masked(String text) {
        return text == null ? null : ADDRESS_START.matcher(text).replaceAll("$1…@");
    }
}
