package io.hotpapers.arxiv;

import io.hotpapers.core.paper.MailingDates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * arXiv's announcement schedule, in US Eastern time.
 *
 * <p>Submissions close at 14:00 Monday to Friday. Announcements go out at 20:00 Sunday to Thursday: a Monday to
 * Thursday deadline is announced the same evening, Friday's on Sunday evening. A listing's mailing date is the
 * day after its announcement evening, so mailings fall on Monday to Friday. On a holiday evening nothing is
 * announced: that day's submissions roll into the next announcement and the next day has no mailing.
 */
public final class MailingCalendar {
    private static final LocalTime DEADLINE = LocalTime.of(14, 0);
    /** When arXiv announces, US Eastern time, on announcement evenings. */
    public static final LocalTime ANNOUNCEMENT = LocalTime.of(20, 0);
    private static final String HOLIDAYS_RESOURCE = "arxiv-holidays.txt";
    /** More consecutive quiet evenings than this means a broken holiday list, not a schedule. */
    private static final int MAX_QUIET_EVENINGS = 31;

    private final Set<LocalDate> holidays;

    public MailingCalendar(Collection<LocalDate> holidays) {
        this.holidays = Set.copyOf(holidays);
    }

    /** The calendar with the holidays shipped with hotpapers plus any configured ones. */
    public static MailingCalendar withShippedHolidays(Collection<LocalDate> extraHolidays) {
        Set<LocalDate> all = new HashSet<>(shippedHolidays());
        all.addAll(extraHolidays);
        return new MailingCalendar(all);
    }

    static Set<LocalDate> shippedHolidays() {
        Set<LocalDate> dates = new HashSet<>();
        try (InputStream in = MailingCalendar.class.getResourceAsStream(HOLIDAYS_RESOURCE)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String data = line.strip();
                if (!data.isEmpty() && !data.startsWith("#")) {
                    dates.add(LocalDate.parse(data.split("\\s+", 2)[0]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dates;
    }

    /** Whether arXiv announces on the evening of this date. */
    public boolean isAnnouncementEvening(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.FRIDAY && day != DayOfWeek.SATURDAY && !holidays.contains(date);
    }

    /** Whether a listing carries this mailing date. */
    public boolean isMailingDate(LocalDate date) {
        return isAnnouncementEvening(date.minusDays(1));
    }

    /** The mailing dates from {@code from} to {@code to}, both included. */
    public List<LocalDate> mailingDates(LocalDate from, LocalDate to) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            if (isMailingDate(date)) {
                dates.add(date);
            }
        }
        return dates;
    }

    /** The submissions announced in the listing of a mailing date. */
    public SubmissionWindow window(LocalDate mailingDate) {
        if (!isMailingDate(mailingDate)) {
            throw new IllegalArgumentException(mailingDate + " is not an arXiv mailing date");
        }
        LocalDate evening = mailingDate.minusDays(1);
        return new SubmissionWindow(deadline(lastDeadline(previousEvening(evening))), deadline(lastDeadline(evening)));
    }

    /** The latest deadline an announcement evening covers: the same day, or Friday for a Sunday. */
    private static LocalDate lastDeadline(LocalDate evening) {
        return evening.getDayOfWeek() == DayOfWeek.SUNDAY ? evening.minusDays(2) : evening;
    }

    private LocalDate previousEvening(LocalDate evening) {
        LocalDate candidate = evening.minusDays(1);
        for (int step = 0; step < MAX_QUIET_EVENINGS; step++, candidate = candidate.minusDays(1)) {
            if (isAnnouncementEvening(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no arXiv announcement in the " + MAX_QUIET_EVENINGS + " days before "
                + evening + "; check the holiday list");
    }

    private static Instant deadline(LocalDate date) {
        return ZonedDateTime.of(date, DEADLINE, MailingDates.ZONE).toInstant();
    }
}
