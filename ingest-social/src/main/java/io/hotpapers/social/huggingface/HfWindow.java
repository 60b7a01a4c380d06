package io.hotpapers.social.huggingface;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * A stretch of Daily Papers one listing answers for: a {@code date}, an ISO {@code week} ({@code YYYY-Www}) or a
 * {@code month} ({@code YYYY-MM}), the three windows {@code /api/daily_papers} takes.
 *
 * @param first the window's first day
 * @param last its last day (inclusive)
 */
record HfWindow(Kind kind, LocalDate first, LocalDate last) {

    /** The window sizes, narrowest first. */
    enum Kind {
        DAY("date"), WEEK("week"), MONTH("month");

        private final String parameter;

        Kind(String parameter) {
            this.parameter = parameter;
        }
    }

    static HfWindow day(LocalDate day) {
        return new HfWindow(Kind.DAY, day, day);
    }

    /** The ISO week (Monday to Sunday) holding the day. */
    static HfWindow week(LocalDate day) {
        LocalDate monday = day.with(DayOfWeek.MONDAY);
        return new HfWindow(Kind.WEEK, monday, monday.plusDays(6));
    }

    static HfWindow month(LocalDate day) {
        LocalDate first = day.withDayOfMonth(1);
        return new HfWindow(Kind.MONTH, first, first.plusMonths(1).minusDays(1));
    }

    /** The query parameter's name. */
    String parameter() {
        return kind.parameter;
    }

    /** The query parameter's value: {@code 2026-10-05}, {@code 2026-W41} or {@code 2026-10}. */
    String value() {
        return switch (kind) {
            case DAY -> first.toString();
            case WEEK -> String.format("%d-W%02d", first.get(IsoFields.WEEK_BASED_YEAR),
                    first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", first.getYear(), first.getMonthValue());
        };
    }

    boolean contains(LocalDate day) {
        return !day.isBefore(first) && !day.isAfter(last);
    }

    List<LocalDate> days() {
        return first.datesUntil(last.plusDays(1)).toList();
    }

    @Override
    public String toString() {
        return parameter() + " " + value();
    }
}
