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
 * after it could still change.
 */
record HfCursor(Kind kind, LocalDate date) {

    /** The states, weakest first. */
    enum Kind {
        READ, ABSENT, PAGE, DAILY;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The cursor order for {@link io.hotpapers.core.post.CursorStore}: unreadable text sorts first. */
    static final Comparator<String> ORDER = Comparator.comparing((String text) -> parse(text).orElse(null),
            Comparator.nullsFirst(Comparator.comparing(HfCursor::kind).thenComparing(HfCursor::date)));

    static HfCursor absent(LocalDate checkedOn) {
        return new HfCursor(Kind.ABSENT, checkedOn);
    }

    static HfCursor page(LocalDate checkedOn) {
        return new HfCursor(Kind.PAGE, checkedOn);
    }

    static HfCursor daily(LocalDate day) {
        return new HfCursor(Kind.DAILY, day);
    }

    static HfCursor read(LocalDate day) {
        return new HfCursor(Kind.READ, day);
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
        try {
            Kind kind = Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
            return Optional.of(new HfCursor(kind, LocalDate.parse(text.substring(colon + 1))));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return kind.text() + ":" + date;
    }
}
