package io.hotpapers.social.huggingface;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which Daily Papers listings cover a set of days with the fewest pages: each day alone, its ISO week or its month,
 * chosen by the entries each window is expected to hold. Pure: the day sizes come from the days' cursors.
 *
 * <p>A day's size is known when its list was read after it became final (its {@code read:date/entries} cursor).
 * An unknown day is expected to hold the mean of the known days around it; a day after today holds nothing yet.
 * Without any known size no wider window is chosen (a week of unknown days could be any size), so each day is read
 * alone, as before the plan existed.
 */
final class HfListingPlan {
    private HfListingPlan() {
    }

    /** The days whose sizes the plan may use: every day of the weeks and months holding the given days. */
    static Set<LocalDate> daysToSize(Collection<LocalDate> days) {
        Set<LocalDate> all = new TreeSet<>();
        for (LocalDate day : days) {
            all.addAll(HfWindow.week(day).days());
            all.addAll(HfWindow.month(day).days());
        }
        return all;
    }

    /**
     * The windows to read for {@code days}, in date order: a least-pages cover (ties go to the window with fewer
     * expected entries), at most one window per day.
     *
     * @param sizes entries per day, for the days known
     */
    static List<HfWindow> cover(Collection<LocalDate> days, Map<LocalDate, Integer> sizes, LocalDate today) {
        List<LocalDate> needed = new ArrayList<>(new TreeSet<>(days));
        if (needed.isEmpty()) {
            return List.of();
        }
        OptionalDouble mean = sizes.values().stream().mapToInt(Integer::intValue).average();
        // best[k]: the least cost of covering the first k days; choice[k]: the window covering day k - 1 in it
        long[] best = new long[needed.size() + 1];
        HfWindow[] choice = new HfWindow[needed.size() + 1];
        int[] from = new int[needed.size() + 1];
        for (int k = 1; k <= needed.size(); k++) {
            LocalDate day = needed.get(k - 1);
            best[k] = Long.MAX_VALUE;
            for (HfWindow window : candidates(day, mean.isPresent())) {
                int start = k - 1;
                while (start > 0 && window.contains(needed.get(start - 1))) {
                    start--;
                }
                long cost = best[start] + cost(window, sizes, mean.orElse(0), today);
                if (cost < best[k]) {
                    best[k] = cost;
                    choice[k] = window;
                    from[k] = start;
                }
            }
        }
        List<HfWindow> plan = new ArrayList<>();
        for (int k = needed.size(); k > 0; k = from[k]) {
            plan.add(choice[k]);
        }
        Collections.reverse(plan);
        return plan;
    }

    /** The day alone, and (when sizes are known) its week and month; never an ISO week 53 (not documented). */
    private static List<HfWindow> candidates(LocalDate day, boolean sizesKnown) {
        if (!sizesKnown) {
            return List.of(HfWindow.day(day));
        }
        HfWindow week = HfWindow.week(day);
        boolean documentedWeek = week.first().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) <= 52;
        return Stream.of(HfWindow.day(day), documentedWeek ? week : null, HfWindow.month(day))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Pages first, then expected entries: of two windows of as many pages, the one with less to read. */
    private static long cost(HfWindow window, Map<LocalDate, Integer> sizes, double mean, LocalDate today) {
        double entries = 0;
        for (LocalDate day : window.days()) {
            if (day.isAfter(today)) {
                continue;
            }
            Integer known = sizes.get(day);
            entries += known != null ? known : mean;
        }
        long expected = Math.round(Math.ceil(entries));
        long pages = Math.max(1, (expected + HuggingFaceClient.PAGE_SIZE - 1) / HuggingFaceClient.PAGE_SIZE);
        return pages * 1_000_000L + expected;
    }
}
