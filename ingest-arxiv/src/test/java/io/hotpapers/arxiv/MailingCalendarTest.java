package io.hotpapers.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MailingCalendarTest {
    private final MailingCalendar calendar = new MailingCalendar(Set.of());
    private final MailingCalendar shipped = MailingCalendar.withShippedHolidays(List.of());

    private static LocalDate date(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void mailingsFallOnWeekdays() {
        // 2021-05-10 is a Monday
        assertThat(calendar.mailingDates(date("2021-05-08"), date("2021-05-16")))
                .containsExactly(date("2021-05-10"), date("2021-05-11"), date("2021-05-12"), date("2021-05-13"),
                        date("2021-05-14"));
    }

    @Test
    void tuesdaysListingHoldsFridayAfternoonToMondayAfternoon() {
        SubmissionWindow window = calendar.window(date("2021-05-11"));

        assertThat(window).isEqualTo(new SubmissionWindow(Instant.parse("2021-05-07T18:00:00Z"),
                Instant.parse("2021-05-10T18:00:00Z")));
        assertThat(window.apiRange()).isEqualTo("[202105071800 TO 202105101759]");
    }

    @Test
    void mondaysListingHoldsFridaysDeadlineAnnouncedOnSunday() {
        assertThat(calendar.window(date("2021-05-10"))).isEqualTo(new SubmissionWindow(
                Instant.parse("2021-05-06T18:00:00Z"), Instant.parse("2021-05-07T18:00:00Z")));
    }

    @Test
    void midweekListingsHoldOneDay() {
        assertThat(calendar.window(date("2021-05-12"))).isEqualTo(new SubmissionWindow(
                Instant.parse("2021-05-10T18:00:00Z"), Instant.parse("2021-05-11T18:00:00Z")));
    }

    @Test
    void deadlinesStayAt14EasternAcrossDaylightSavingChanges() {
        // DST starts Sunday 2026-03-08: Friday's deadline is 19:00Z, Monday's 18:00Z
        assertThat(calendar.window(date("2026-03-10"))).isEqualTo(new SubmissionWindow(
                Instant.parse("2026-03-06T19:00:00Z"), Instant.parse("2026-03-09T18:00:00Z")));
        // DST ends Sunday 2026-11-01: Friday's deadline is 18:00Z, Monday's 19:00Z
        assertThat(calendar.window(date("2026-11-03"))).isEqualTo(new SubmissionWindow(
                Instant.parse("2026-10-30T18:00:00Z"), Instant.parse("2026-11-02T19:00:00Z")));
    }

    @Test
    void aHolidayEveningHasNoMailingAndItsSubmissionsRollOver() {
        // Thanksgiving, Thursday 2026-11-26: no announcement, so no mailing on Friday 11-27
        assertThat(shipped.isMailingDate(date("2026-11-27"))).isFalse();
        assertThat(shipped.isMailingDate(date("2026-11-26"))).isTrue();
        assertThat(shipped.window(date("2026-11-30"))).isEqualTo(new SubmissionWindow(
                Instant.parse("2026-11-25T19:00:00Z"), Instant.parse("2026-11-27T19:00:00Z")));
    }

    @Test
    void consecutiveWindowsTileTimeWithoutGapOrOverlap() {
        List<LocalDate> dates = shipped.mailingDates(date("2024-01-01"), date("2026-12-31"));

        for (int i = 1; i < dates.size(); i++) {
            assertThat(shipped.window(dates.get(i)).start()).as("window of %s", dates.get(i))
                    .isEqualTo(shipped.window(dates.get(i - 1)).end());
        }
    }

    @Test
    void aWeekendDateHasNoWindow() {
        assertThatThrownBy(() -> calendar.window(date("2021-05-15")))
                .hasMessage("2021-05-15 is not an arXiv mailing date");
    }

    @Test
    void windowsIncludeTheirStartAndExcludeTheirEnd() {
        SubmissionWindow window = calendar.window(date("2021-05-12"));

        assertThat(window.contains(Instant.parse("2021-05-10T18:00:00Z"))).isTrue();
        assertThat(window.contains(Instant.parse("2021-05-11T17:59:59Z"))).isTrue();
        assertThat(window.contains(Instant.parse("2021-05-11T18:00:00Z"))).isFalse();
    }
}
