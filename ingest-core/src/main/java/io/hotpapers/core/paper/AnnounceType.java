package io.hotpapers.core.paper;

import java.util.Locale;

/** How a paper appears in a category's daily listing, as arXiv's feeds spell it. */
public enum AnnounceType {
    NEW("new"),
    CROSS("cross"),
    REPLACE("replace"),
    REPLACE_CROSS("replace-cross");

    private final String wireName;

    AnnounceType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used by arXiv and stored in {@code listings.announce_type}. */
    public String wireName() {
        return wireName;
    }

    /** Parses arXiv's spelling ({@code new}, {@code cross}, {@code replace}, {@code replace-cross}). */
    public static AnnounceType fromWireName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (AnnounceType type : values()) {
            if (type.wireName.equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown announce type '" + name + "'");
    }
}
