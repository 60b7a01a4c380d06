package io.hotpapers.core.text;

import java.util.regex.Pattern;

/**
 * Prepares untrusted text for a terminal: ANSI escape sequences and control characters removed, so a title cannot
 * move the cursor, recolour, retitle the window or hide the lines printed before it.
 */
public final class Terminal {
    /** CSI ({@code ESC [} or U+009B) and OSC ({@code ESC ]} to BEL or ST) sequences, and the other ESC sequences. */
    private static final Pattern ESCAPE_SEQUENCE = Pattern.compile(
            "(?:\u001B\\[|\u009B)[0-?]*[ -/]*[@-~]?"
                    + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[ -/]*[0-~]?");

    private Terminal() {
    }

    /** One line without escape sequences or control characters, at most {@code maxCodePoints} long. */
    public static String text(String untrusted, int maxCodePoints) {
        if (untrusted == null) {
            return "";
        }
        return UntrustedText.line(ESCAPE_SEQUENCE.matcher(untrusted).replaceAll(""), maxCodePoints);
    }
}
