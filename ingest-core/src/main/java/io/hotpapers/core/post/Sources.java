package io.hotpapers.core.post;

import java.util.regex.Pattern;

/** The rule for source ids, which the schema checks too: lower-case letters and digits, starting with a letter. */
public final class Sources {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{0,31}");

    private Sources() {
    }

    /** The id itself, or an exception naming why it is not one. */
    public static String requireValid(String source) {
        if (source == null || !ID.matcher(source).matches()) {
            throw new IllegalArgumentException("not a source id: " + source);
        }
        return source;
    }
}
