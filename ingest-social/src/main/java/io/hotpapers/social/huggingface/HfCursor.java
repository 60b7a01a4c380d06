package io.hotpapers.social.huggingface;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;

/**
 * What hotpapers knows of a paper on Hugging Face, stored as the paper's discovery cursor ({@code kind:date}).
 * Ordered by how much it says: nothing < {@code absent} (no paper page, checked on the date) < {@code page} (a
 * paper page outside Daily Papers, checked on the date) < {@code daily} (in the Daily Papers of the date); within a
 * kind, the later date. A day's own cursor ({@code read}, stored under {@link #dayScope}) says the day's list was read
 * after it could still change, and how many entries it held ({@code read:date/entries}; older cursors lack the count).
 *
 * @param entries the entries of a read day's list, {@code null} when not known (and for every other kind)
 */
record HfCursor(Kind kind, LocalDate date, Integer entries) {
    /** A day's list is read {@value HuggingFaceSource#MAX_PAGES_PER_DAY} pages of 50 at most: larger counts are not ours. */
    static final int MAX_ENTRIES = 1000;

    /** The states, weakest first. */
    enum Kind {
        READ, ABSENT, PAGE, DAILY;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The cursor order for {@link io.hotpapers.core.post.CursorStore}: unreadable text sorts first. */
    static final Comparator<String> ORDER = Comparator.comparing((String text) -> parse(text).orElse(null),
            Comparator.nullsFirst(Comparator.comparing(HfCursor::kind).thenComparing(HfCursor::date)
                    .thenComparing(HfCursor::entries, Comparator.nullsFirst(Comparator.naturalOrder()))));

    HfCursor {
        if (entries != null && (kind != Kind.READ || entries < 0 || entries > MAX_ENTRIES)) {
            throw new IllegalArgumentException("an entry count belongs to a read day, 0-" + MAX_ENTRIES);
        }
    }

    HfCursor(Kind kind, LocalDate date) {
        this(kind, date, null);
    }

    static HfCursor absent(LocalDate checkedOn) {
        return new HfCursor(Kind.ABSENT, checkedOn);
    }

    static HfCursor page(LocalDate checkedOn) {
        return new HfCursor(Kind.PAGE, checkedOn);
    }

    static HfCursor daily(LocalDate day) {
        return new HfCursor(Kind.DAILY, day);
    }

    static HfCursor read(LocalDate day, int entries) {
        return new HfCursor(Kind.READ, day, Math.min(entries, MAX_ENTRIES));
    }

    /** The cursor scope of a day's list: not an arXiv id (those have no space), so it cannot meet a paper's. */
    static String dayScope(LocalDate day) {
        return "daily " + day;
    }

    static Optional<HfCursor> parse(String text) {
        if (text == null || text.length() > 20) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        int slash = text.indexOf('/', colon);
        try {
            Kind kind = Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
            if (slash < 0) {
                return Optional.of(new HfCursor(kind, LocalDate.parse(text.substring(colon + 1))));
            }
            String count = text.substring(slash + 1);
            if (count.isEmpty() || count.length() > 4 || !count.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(new HfCursor(kind, LocalDate.parse(text.substring(colon + 1, slash)),
                    Integer.parseInt(count)));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return kind.text() + ":" + date + (entries == null ? "" : "/" + entries);
    }
}
