package io.hotpapers.core.paper;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** arXiv's calendar runs on US Eastern time: the one place hotpapers names that zone. */
public final class MailingDates {
    /** The time zone of arXiv's submission deadlines, announcements and mailing dates. */
    public static final ZoneId ZONE = ZoneId.of("America/New_York");

    private MailingDates() {
    }

    /** Today's date in US Eastern time. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }
}
