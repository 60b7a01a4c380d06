package io.hotpapers.social.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which listings the refresh reads for a set of days, by the days' known sizes; and the day cursors carrying them. */
class HfListingPlanTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-10");

    private static List<String> plan(List<String> days, Map<LocalDate, Integer> sizes) {
        return HfListingPlan.cover(days.stream().map(LocalDate::parse).toList(), sizes, TODAY).stream()
                .map(HfWindow::toString).toList();
    }

    private static Map<LocalDate, Integer> sized(String from, String to, int entries) {
        Map<LocalDate, Integer> sizes = new HashMap<>();
        LocalDate.parse(from).datesUntil(LocalDate.parse(to).plusDays(1)).forEach(day -> sizes.put(day, entries));
        return sizes;
    }

    @Test
    void withoutAnyKnownSizeEachDayIsReadAlone() {
        assertThat(plan(List.of("2026-10-05", "2026-10-06", "2026-10-07"), Map.of()))
                .containsExactly("date 2026-10-05", "date 2026-10-06", "date 2026-10-07");
    }

    @Test
    void manyDaysOfASmallWeekAreReadAsTheWeek() {
        // 7 entries a day: the week holds 49, one page, where five days take five
        assertThat(plan(List.of("2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09"),
                sized("2026-09-01", "2026-10-31", 7))).containsExactly("week 2026-W41");
    }

    @Test
    void oneDayIsReadAloneEvenWhenItsWeekWouldFitAPage() {
        assertThat(plan(List.of("2026-10-06"), sized("2026-09-01", "2026-10-31", 7)))
                .containsExactly("date 2026-10-06");
    }

    @Test
    void aMonthFullOfDueDaysIsReadAsTheMonthWhenThatTakesFewerPages() {
        // 20 entries a day: a week 3 pages (140), the month 13 (620); the 31 days by weeks take 15
        List<String> days = LocalDate.parse("2026-10-01").datesUntil(LocalDate.parse("2026-11-01"))
                .map(LocalDate::toString).toList();
        assertThat(plan(days, sized("2026-09-01", "2026-11-30", 20))).containsExactly("month 2026-10");
    }

    @Test
    void bigDaysAreNotMergedIntoAWeekThatWouldTakeMorePages() {
        // 50 entries a day: two due days are two pages, their week seven
        assertThat(plan(List.of("2026-10-05", "2026-10-07"), sized("2026-09-01", "2026-10-31", 50)))
                .containsExactly("date 2026-10-05", "date 2026-10-07");
    }

    @Test
    void unknownDaysCountAsTheMeanAndDaysAfterTodayAsNothing() {
        // the week of 9–15 Nov: known days 8–9 Nov at 60; 10 Nov (today) unknown = 60; 11–15 Nov are ahead
        Map<LocalDate, Integer> sizes = sized("2026-11-08", "2026-11-09", 60);
        assertThat(plan(List.of("2026-11-09", "2026-11-10"), sizes))
                .as("a week of 120 expected entries (3 pages) beats two days of 60 each (4 pages)")
                .containsExactly("week 2026-W46");
    }

    @Test
    void anIsoWeek53IsNeverAskedFor() {
        // 2026-12-28 … 2027-01-03 is ISO week 2026-W53, which the API's notes do not document
        List<HfWindow> plan = HfListingPlan.cover(List.of(LocalDate.parse("2026-12-29"), LocalDate.parse("2026-12-30"),
                LocalDate.parse("2026-12-31")), sized("2026-12-01", "2026-12-31", 2), LocalDate.parse("2027-01-05"));
        assertThat(plan).extracting(HfWindow::toString).containsExactly("month 2026-12");
    }

    @Test
    void windowsNameTheirParameterAsTheApiTakesIt() {
        assertThat(HfWindow.week(LocalDate.parse("2026-01-01")).value()).isEqualTo("2026-W01");
        assertThat(HfWindow.week(LocalDate.parse("2027-01-01")).value()).isEqualTo("2026-W53");
        assertThat(HfWindow.month(LocalDate.parse("2026-02-14"))).satisfies(month -> {
            assertThat(month.value()).isEqualTo("2026-02");
            assertThat(month.last()).isEqualTo(LocalDate.parse("2026-02-28"));
        });
    }

    @Test
    void aDayCursorCarriesItsSizeAndOlderOnesStillRead() {
        assertThat(HfCursor.parse("read:2026-10-05/24")).contains(new HfCursor(HfCursor.Kind.READ,
                LocalDate.parse("2026-10-05"), 24));
        assertThat(HfCursor.parse("read:2026-10-05")).contains(new HfCursor(HfCursor.Kind.READ,
                LocalDate.parse("2026-10-05"), null));
        assertThat(HfCursor.read(LocalDate.parse("2026-10-05"), 5000).toString()).isEqualTo("read:2026-10-05/1000");
        assertThat(HfCursor.ORDER.compare("read:2026-10-05/24", "read:2026-10-05")).as("a known size moves on")
                .isPositive();
        for (String hostile : List.of("read:2026-10-05/", "read:2026-10-05/-1", "read:2026-10-05/1001",
                "read:2026-10-05/+12", "daily:2026-10-05/3", "read:2026-10-05/12345")) {
            assertThat(HfCursor.parse(hostile)).as(hostile).isEmpty();
        }
    }
}
