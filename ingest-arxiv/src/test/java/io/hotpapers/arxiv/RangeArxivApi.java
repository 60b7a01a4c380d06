package io.hotpapers.arxiv;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers backfill searches as the arXiv query API does (API-NOTES): any {@code submittedDate} / {@code
 * lastUpdatedDate} range (whole minutes, both ends included), oldest submission first, paged by {@code start} and
 * {@code max_results}, with {@code totalResults}; so a test sees which windows were asked for and how often.
 */
final class RangeArxivApi extends Dispatcher {
    private static final Pattern SUBMITTED = Pattern.compile("submittedDate:(\\[(\\d{12}) TO (\\d{12})])");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    /** What the API holds; tests may add to it. */
    final List<AtomBodies.Entry> entries = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** The submittedDate range of each search, as sent ({@code [202105071800 TO 202105101759]}). */
    final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Answers instead of the data, for the requests (range, start) it returns a response for. */
    volatile BiFunction<String, Integer, MockResponse> override = (range, start) -> null;
    /** Told of each search (range, start) as it arrives, before it is answered: a request in flight. */
    volatile BiConsumer<String, Integer> onRequest = (range, start) -> { };

    RangeArxivApi(List<AtomBodies.Entry> entries) {
        this.entries.addAll(entries);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String query = request.getUrl().queryParameter("search_query");
        Matcher matcher = SUBMITTED.matcher(query == null ? "" : query);
        if (!matcher.find() || !query.contains("lastUpdatedDate:" + matcher.group(1))) {
            return new MockResponse.Builder().code(400).body("unexpected query " + query).build();
        }
        String range = matcher.group(1);
        ranges.add(range);
        int start = Integer.parseInt(request.getUrl().queryParameter("start"));
        onRequest.accept(range, start);
        MockResponse instead = override.apply(range, start);
        if (instead != null) {
            return instead;
        }
        Instant from = minute(matcher.group(2));
        Instant to = minute(matcher.group(3));
        List<AtomBodies.Entry> hits = entries.stream()
                .filter(entry -> within(entry.published(), from, to) || within(entry.updated(), from, to))
                .sorted(Comparator.comparing(AtomBodies.Entry::published))
                .toList();
        int size = Integer.parseInt(request.getUrl().queryParameter("max_results"));
        List<AtomBodies.Entry> page = hits.subList(Math.min(start, hits.size()), Math.min(start + size, hits.size()));
        return new MockResponse.Builder().code(200).body(AtomBodies.feed(hits.size(), start, page)).build();
    }

    /** A page announcing {@code total} results and holding one paper, the same on every page. */
    static MockResponse announcing(int total, int start) {
        return new MockResponse.Builder().code(200).body(AtomBodies.feed(total, start, List.of(
                AtomBodies.entry("2105.09000", 1, "2021-05-08T10:00:00Z", "2021-05-08T10:00:00Z",
                        "cs.LG")))).build();
    }

    private static boolean within(Instant time, Instant from, Instant to) {
        Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
        return !minute.isBefore(from) && !minute.isAfter(to);
    }

    private static Instant minute(String text) {
        return LocalDateTime.parse(text, MINUTES).toInstant(ZoneOffset.UTC);
    }
}
