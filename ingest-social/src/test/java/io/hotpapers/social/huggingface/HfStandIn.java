package io.hotpapers.social.huggingface;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Hugging Face stand-in: Daily Papers by {@code date}, ISO {@code week} or {@code month} (the days in date order,
 * paged with {@code p} and {@code limit}, as the real API) and paper pages (404 for any other id), in the current
 * recorded shape; it remembers every request it answered. Windows in {@link #refused} answer 400.
 */
final class HfStandIn extends Dispatcher {
    final Map<LocalDate, List<String>> days = new ConcurrentHashMap<>();
    final Map<String, String> pages = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set to send RateLimit headers: what remains of the window, one less per answer; -1 sends none. */
    final java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(-1);

    /** A Daily Papers entry in the current shape: upvotes on the paper, numComments on the entry. */
    static String entry(String arxivId, long upvotes, long comments, LocalDate day) {
        return "{\"paper\":{\"id\":\"" + arxivId + "\",\"title\":\"Paper " + arxivId + "\",\"upvotes\":" + upvotes
                + ",\"publishedAt\":\"" + day.minusDays(1) + "T00:00:00.000Z\",\"submittedOnDailyAt\":\"" + day
                + "T00:00:00.000Z\",\"submittedOnDailyBy\":{\"_id\":\"63490424667da7e6737f49a4\",\"user\":\"ada\","
                + "\"fullname\":\"Ada\"}},\"publishedAt\":\"" + day + "T03:00:00.000Z\",\"title\":\"Paper " + arxivId
                + "\",\"numComments\":" + comments + ",\"submittedBy\":{\"_id\":\"63490424667da7e6737f49a4\","
                + "\"name\":\"ada\",\"fullname\":\"Ada\"},\"isAuthorParticipating\":false}";
    }

    /** A paper page: the paper object at the top; with a Daily Papers time only when it was listed there. */
    static String page(String arxivId, long upvotes, LocalDate dailyDay) {
        return "{\"id\":\"" + arxivId + "\",\"title\":\"Paper " + arxivId + "\",\"upvotes\":" + upvotes
                + ",\"publishedAt\":\"2026-08-18T00:00:00.000Z\""
                + (dailyDay == null ? "" : ",\"submittedOnDailyAt\":\"" + dailyDay + "T00:00:00.000Z\"")
                + ",\"discussionId\":\"6a7e769942823931a1f175fd\",\"linkedModels\":[]}";
    }

    void list(LocalDate day, String... entries) {
        days.computeIfAbsent(day, key -> new CopyOnWriteArrayList<>()).addAll(List.of(entries));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        requests.add(path + (request.getUrl().query() == null ? "" : "?" + request.getUrl().query()));
        if (path.equals("/api/daily_papers")) {
            int page = Integer.parseInt(request.getUrl().queryParameter("p"));
            int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
            List<String> all = new ArrayList<>();
            List<LocalDate> window = window(request);
            if (window == null) {
                return json(400, "{\"error\":\"Invalid date\"}");
            }
            window.forEach(day -> all.addAll(days.getOrDefault(day, List.of())));
            List<String> slice = new ArrayList<>(all.subList(Math.min(all.size(), page * limit),
                    Math.min(all.size(), (page + 1) * limit)));
            return json(200, "[" + String.join(",", slice) + "]");
        }
        if (path.startsWith("/api/papers/")) {
            String body = pages.get(path.substring("/api/papers/".length()));
            return body == null ? json(404, "{\"error\":\"Paper not found\"}") : json(200, body);
        }
        return json(404, "{\"error\":\"Not found\"}");
    }

    /** The days a listing request names, or {@code null} when it is refused. */
    private List<LocalDate> window(RecordedRequest request) {
        String date = request.getUrl().queryParameter("date");
        String week = request.getUrl().queryParameter("week");
        String month = request.getUrl().queryParameter("month");
        String named = date != null ? date : week != null ? week : month;
        if (named == null || refused.contains(named)) {
            return null;
        }
        if (date != null) {
            return List.of(LocalDate.parse(date));
        }
        if (week != null) {
            LocalDate monday = LocalDate.parse(week + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE);
            return monday.datesUntil(monday.plusDays(7)).toList();
        }
        LocalDate first = LocalDate.parse(month + "-01");
        return first.datesUntil(first.plusMonths(1)).toList();
    }

    /** Replaces a day's list (new counts, or a paper that left it). */
    void relist(LocalDate day, String... entries) {
        days.put(day, new CopyOnWriteArrayList<>(List.of(entries)));
    }

    private MockResponse json(int status, String body) {
        MockResponse.Builder response = new MockResponse.Builder().code(status)
                .setHeader("Content-Type", "application/json").body(body);
        int left = remaining.getAndDecrement();
        if (left >= 0) {
            // Hugging Face's documented headers: what is left of the 5-minute window of 500 calls
            response.setHeader("RateLimit", "\"api\";r=" + left + ";t=300")
                    .setHeader("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
        }
        return response.build();
    }

    long count(String prefix) {
        return requests.stream().filter(request -> request.startsWith(prefix)).count();
    }
}
