package io.hotpapers.arxiv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The submissions one mailing announces: from {@code start} (inclusive) to {@code end} (exclusive), both at
 * arXiv's 14:00 US Eastern deadline.
 */
public record SubmissionWindow(Instant start, Instant end) {
    private static final DateTimeFormatter API_MINUTES =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    public SubmissionWindow {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window " + start + " to " + end);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /**
     * The window as an arXiv API date range ({@code [202105071800 TO 202105101759]}, GMT). The API counts whole
     * minutes and includes both ends, so the range stops one minute before the next deadline: consecutive
     * windows then neither overlap nor leave a gap.
     */
    public String apiRange() {
        return "[" + API_MINUTES.format(start) + " TO " + API_MINUTES.format(end.minusSeconds(60)) + "]";
    }
}
