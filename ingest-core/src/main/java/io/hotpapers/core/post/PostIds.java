package io.hotpapers.core.post;

import java.util.Comparator;

/** How post ids of one source are ordered where an order is needed only to be total and stable. */
public final class PostIds {
    /** Numeric order for ids that are both decimal numbers (X, Hacker News), text order otherwise. */
    public static final Comparator<String> ORDER = PostIds::compare;

    private PostIds() {
    }

    private static int compare(String first, String second) {
        if (isDecimal(first) && isDecimal(second) && first.length() != second.length()) {
            return Integer.compare(first.length(), second.length());
        }
        return first.compareTo(second);
    }

    private static boolean isDecimal(String id) {
        return !id.isEmpty() && id.charAt(0) != '0' && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
