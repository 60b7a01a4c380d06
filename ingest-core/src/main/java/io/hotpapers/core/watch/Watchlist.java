package io.hotpapers.core.watch;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reader's interests: papers whose title or abstract holds one of the keywords (words or phrases, case-insensitive,
 * whole words; a trailing {@code *} matches any ending), or written by one of the authors (initials match full given
 * names, accents are ignored), or listed in one of the categories; at least {@code minScore} engagement.
 *
 * @param channels the delivery channels its digest goes to (a subset of the configured ones), empty for none
 */
public record Watchlist(String name, List<String> keywords, List<String> authors, List<String> categories,
                        long minScore, List<String> channels) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Watchlist {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a watchlist name is 1 to 64 lower-case letters, digits, '-' or '_', "
                    + "starting with a letter or digit");
        }
        keywords = List.copyOf(keywords);
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        channels = List.copyOf(channels);
        if (minScore < 0) {
            throw new IllegalArgumentException("the minimum score cannot be negative");
        }
        if (keywords.isEmpty() && authors.isEmpty() && categories.isEmpty()) {
            throw new IllegalArgumentException("a watchlist needs at least one keyword, author or category");
        }
    }
}
