package io.hotpapers.scheduler.cli;

import io.hotpapers.arxiv.MailingCalendar;
import io.hotpapers.core.paper.MailingDates;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/** Why a date given on the command line has no arXiv listing (yet), in words a user can act on. */
final class MailingDateCheck {
    private MailingDateCheck() {
    }

    /** The reason a date is in the future: its listing has not been announced yet. */
    static Optional<String> future(LocalDate date, MailingCalendar calendar, Clock clock) {
        LocalDate today = MailingDates.today(clock);
        if (calendar.isMailingDate(date)) {
            ZonedDateTime announcement = ZonedDateTime.of(date.minusDays(1), MailingCalendar.ANNOUNCEMENT,
                    MailingDates.ZONE);
            return clock.instant().isBefore(announcement.toInstant())
                    ? Optional.of(date + " is in the future: arXiv announces its listing at "
                            + MailingCalendar.ANNOUNCEMENT + " US Eastern time on " + date.minusDays(1))
                    : Optional.empty();
        }
        return date.isAfter(today)
                ? Optional.of(date + " is in the future (today is " + today + " in US Eastern time)")
                : Optional.empty();
    }

    /** The reason a date is not a mailing date: a weekend, or the day after a holiday. */
    static Optional<String> notMailing(LocalDate date, MailingCalendar calendar) {
        if (calendar.isMailingDate(date)) {
            return Optional.empty();
        }
        DayOfWeek day = date.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return Optional.of(date + " is a " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                    + ": arXiv announces nothing");
        }
        return Optional.of(date + " is not an arXiv mailing date: the evening of " + date.minusDays(1)
                + " was an arXiv holiday, so nothing was announced");
    }
}
