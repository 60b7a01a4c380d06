package io.hotpapers.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers like the arXiv query API as API-NOTES.md documents it: any {@code search_query} of {@code cat:} terms
 * and {@code submittedDate:[… TO …]} / {@code lastUpdatedDate:[… TO …]} ranges (whole minutes, both ends
 * included), sorted as asked, paged by {@code start} and {@code max_results} (at most 2,000 a call, 30,000 a query),
 * with {@code opensearch:totalResults}; and politeness: a request sooner than the interval after the previous one
 * (less {@link #JITTER}, what a client spacing its request starts exactly cannot control) gets HTTP 429 with
 * {@code Retry-After}.
 */
final class ArxivStandIn extends Dispatcher {
    static final int PAGE_MAX = 2000;
    static final int QUERY_MAX = 30_000;
    /** Arrival times of requests sent exactly an interval apart differ by the network's and the server's jitter. */
    static final Duration JITTER = Duration.ofMillis(250);
    private static final Pattern CATEGORY = Pattern.compile("cat:([A-Za-z.\\-]+)");
    private static final Pattern RANGE = Pattern.compile("(submittedDate|lastUpdatedDate):\\[(\\d{12}) TO (\\d{12})]");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    /** A paper the stand-in holds: its latest version and that version's time. */
    record Paper(String id, String category, Instant submitted, Instant updated, int version) {
    }

    private final List<Paper> papers;
    private final Clock clock;
    private final Duration interval;
    private Instant last;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();

    ArxivStandIn(List<Paper> papers, Clock clock, Duration interval) {
        this.papers = List.copyOf(papers);
        this.clock = clock;
        this.interval = interval;
    }

    /** The papers a query over these categories and ranges matches (what a reader of it must receive). */
    List<Paper> matching(Set<String> categories, List<Instant[]> submitted, List<Instant[]> updated) {
        return papers.stream().filter(paper -> categories.contains(paper.category())
                && (within(paper.submitted(), submitted) || within(paper.updated(), updated))).toList();
    }

    private static boolean within(Instant time, List<Instant[]> ranges) {
        Instant minute = time.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return ranges.stream().anyMatch(range -> !minute.isBefore(range[0]) && !minute.isAfter(range[1]));
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        Instant now = clock.instant();
        if (last != null && Duration.between(last, now).compareTo(interval.minus(JITTER)) < 0) {
            throttled.incrementAndGet();
            last = now;
            return new MockResponse.Builder().code(429)
                    .addHeader("Retry-After", Long.toString(Math.max(1, interval.toSeconds())))
                    .body("Rate exceeded.").build();
        }
        last = now;
        String query = request.getUrl().queryParameter("search_query");
        int start = Integer.parseInt(request.getUrl().queryParameter("start"));
        int size = Integer.parseInt(request.getUrl().queryParameter("max_results"));
        if (query == null || size > PAGE_MAX || start < 0) {
            return new MockResponse.Builder().code(400).body(feed(0, start, List.of())).build();
        }
        Set<String> categories = new TreeSet<>();
        Matcher category = CATEGORY.matcher(query);
        while (category.find()) {
            categories.add(category.group(1));
        }
        List<Instant[]> submitted = new ArrayList<>();
        List<Instant[]> updated = new ArrayList<>();
        Matcher range = RANGE.matcher(query);
        while (range.find()) {
            Instant[] bounds = {minute(range.group(2)), minute(range.group(3))};
            (range.group(1).equals("submittedDate") ? submitted : updated).add(bounds);
        }
        List<Paper> hits = new ArrayList<>(matching(categories, submitted, updated));
        Comparator<Paper> order = "lastUpdatedDate".equals(request.getUrl().queryParameter("sortBy"))
                ? Comparator.comparing(Paper::updated) : Comparator.comparing(Paper::submitted);
        hits.sort("ascending".equals(request.getUrl().queryParameter("sortOrder")) ? order : order.reversed());
        int end = Math.min(Math.min(hits.size(), QUERY_MAX), start + size);
        List<Paper> page = start >= end ? List.of() : hits.subList(start, end);
        return new MockResponse.Builder().code(200).body(feed(hits.size(), start, page)).build();
    }

    private static Instant minute(String text) {
        return LocalDateTime.parse(text, MINUTES).toInstant(ZoneOffset.UTC);
    }

    private static String feed(int total, int start, List<Paper> page) {
        StringBuilder entries = new StringBuilder();
        for (Paper paper : page) {
            entries.append("<entry><id>http://arxiv.org/abs/").append(paper.id()).append('v').append(paper.version())
                    .append("</id><title>Paper ").append(paper.id()).append("</title><updated>")
                    .append(paper.updated()).append("</updated><published>").append(paper.submitted())
                    .append("</published><summary>Abstract</summary><category term=\"").append(paper.category())
                    .append("\"/><author><name>A</name></author></entry>");
        }
        return "<?xml version='1.0' encoding='UTF-8'?>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">"
                + "<id>x</id><title>q</title><updated>2026-10-01T00:00:00Z</updated>"
                + "<opensearch:totalResults>" + total + "</opensearch:totalResults>"
                + "<opensearch:startIndex>" + start + "</opensearch:startIndex>"
                + "<opensearch:itemsPerPage>" + page.size() + "</opensearch:itemsPerPage>" + entries + "</feed>";
    }
}
