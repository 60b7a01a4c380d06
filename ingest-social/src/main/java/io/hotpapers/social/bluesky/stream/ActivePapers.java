package io.hotpapers.social.bluesky.stream;

import io.hotpapers.core.paper.MailingDates;
import io.hotpapers.core.paper.PaperStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The papers a streamed post may be stored for: those listed in the configured categories within the active window
 * ({@code HOTPAPERS_ACTIVE_DAYS}), the same window discovery searches.
 */
public final class ActivePapers {
    private final PaperStore papers;
    private final List<String> categories;
    private final int activeDays;
    private final Clock clock;

    public ActivePapers(PaperStore papers, Collection<String> categories, int activeDays, Clock clock) {
        this.papers = papers;
        this.categories = List.copyOf(categories);
        this.activeDays = activeDays;
        this.clock = clock;
    }

    /** Those of the papers in the active window now, asked of the database (a fresh listing counts at once). */
    public Set<String> among(Collection<String> arxivIds) {
        LocalDate today = MailingDates.today(clock);
        // the evening announcement lists tomorrow's mailing date (US Eastern)
        return papers.listedAmong(arxivIds, categories, today.minusDays(activeDays), today.plusDays(1));
    }
}
