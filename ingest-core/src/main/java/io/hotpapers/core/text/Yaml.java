package io.hotpapers.core.text;

/** Writes a string as a YAML double-quoted scalar, the one YAML form in which every character can be expressed. */
public final class Yaml {
    private Yaml() {
    }

    /**
     * The value in double quotes, with backslash, quote, every line break and every control or bidi character
     * written as a YAML escape, so it can neither end the scalar nor the front matter.
     */
    public static String quoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 8).append('"');
        value.codePoints().forEach(codePoint -> {
            if (codePoint == '\\' || codePoint == '"') {
                quoted.append('\\').appendCodePoint(codePoint);
            } else if (codePoint == '\t') {
                quoted.append("\\t");
            } else if (UntrustedText.isLineBreak(codePoint) || UntrustedText.isDropped(codePoint)
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                quoted.append(String.format("\\u%04X", codePoint & 0xFFFF));
            } else {
                quoted.appendCodePoint(codePoint);
            }
        });
        return quoted.append('"').toString();
    }
}
