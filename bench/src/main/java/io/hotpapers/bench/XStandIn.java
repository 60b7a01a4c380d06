package io.hotpapers.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers like X API v2 as API-NOTES.md documents it: recent search (the last 7 days, {@code max_results} 10–100,
 * queries of at most 512 characters, pages linked by {@code next_token}, {@code since_id}/{@code start_time}/
 * {@code end_time}), tweet and user lookups of 1 to 100 ids, and per-endpoint 15-minute windows announced in
 * {@code x-rate-limit-*} headers with HTTP 429 once a window is spent. {@code url:"…"} terms match a run of the URL's
 * tokens (a versioned link {@code 2610.00001v1} is its own token), {@code -is:retweet} drops retweets.
 *
 * <p>Its posts are fixed when it is built, from each paper's number, so a scenario can compute what any reader
 * needs (posts, pages, terms) from them without asking the code under test.
 */
final class XStandIn extends Dispatcher {
    static final int QUERY_MAX_LENGTH = 512;
    static final int PAGE_MAX = 100;
    static final int PAGE_MIN = 10;
    static final int IDS_MAX = 100;
    static final Duration RECENT_REACH = Duration.ofDays(7);
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int SEARCH_LIMIT = 450;
    static final int LOOKUP_LIMIT = 3500;
    static final int USERS_LIMIT = 300;
    private static final Pattern URL_TERM = Pattern.compile("url:\"([^\"]+)\"");
    private static final long SNOWFLAKE_EPOCH = 1288834974657L;

    /** A post the stand-in holds: the paper it links (by this URL), whether it is a retweet. */
    record Tweet(long id, String arxivId, String url, boolean retweet, Instant createdAt, long authorId) {
    }

    final Map<String, List<Tweet>> byPaper = new LinkedHashMap<>();
    private final Map<Long, Tweet> byId = new HashMap<>();
    private final Clock clock;
    final AtomicInteger searches = new AtomicInteger();
    final AtomicInteger tweetLookups = new AtomicInteger();
    final AtomicInteger userLookups = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, Window> windows = new HashMap<>();

    /**
     * @param papers the arXiv ids whose posts it holds (number = the part after the dot)
     * @param postedBefore every post is created in the 6 days before this instant
     */
    XStandIn(Clock clock, Collection<String> papers, Instant postedBefore) {
        this.clock = clock;
        int sequence = 0;
        for (String arxivId : papers) {
            int number = Integer.parseInt(arxivId.substring(arxivId.indexOf('.') + 1));
            List<Tweet> tweets = new ArrayList<>();
            int originals = number % 8 + (number % 97 == 0 ? 150 : 0);
            for (int k = 0; k < originals; k++) {
                String url = k % 5 == 4 ? "https://arxiv.org/pdf/" + arxivId : "https://arxiv.org/abs/" + arxivId;
                tweets.add(tweet(arxivId, url, false, postedBefore, number, k, sequence++));
            }
            if (number % 6 == 0) { // a link to the versioned abstract: a token of its own
                tweets.add(tweet(arxivId, "https://arxiv.org/abs/" + arxivId + "v1", false, postedBefore, number, 50,
                        sequence++));
            }
            if (number % 5 == 0) { // retweets carry the original's link; -is:retweet leaves them out
                for (int k = 0; k < 2; k++) {
                    tweets.add(tweet(arxivId, "https://arxiv.org/abs/" + arxivId, true, postedBefore, number, 60 + k,
                            sequence++));
                }
            }
            tweets.forEach(tweet -> byId.put(tweet.id(), tweet));
            byPaper.put(arxivId, tweets);
        }
    }

    private static Tweet tweet(String arxivId, String url, boolean retweet, Instant postedBefore, int number, int k,
                               int sequence) {
        // spread over the 6 days before postedBefore, by a hash of paper and rank; the id is a snowflake of the time
        long offsetSeconds = 60 + Math.floorMod((number * 7919L + k * 104729L), 6 * 86_400L - 120);
        Instant created = postedBefore.minusSeconds(offsetSeconds);
        long id = ((created.toEpochMilli() - SNOWFLAKE_EPOCH) << 22) | (sequence & 0x3FFFFF);
        return new Tweet(id, arxivId, url, retweet, created, 1_000 + (number * 31L + k) % 977);
    }

    /** The URL's tokens: runs of letters, digits and dots (so {@code arxiv.org} and {@code 2610.00001v1} are one). */
    static List<String> tokens(String url) {
        return Arrays.stream(url.split("[^A-Za-z0-9.]+")).filter(token -> !token.isEmpty()).toList();
    }

    /** Whether the term's tokens occur in a row among the URL's. */
    static boolean matches(String term, String url) {
        List<String> want = tokens(term);
        List<String> have = tokens(url);
        return !want.isEmpty() && java.util.Collections.indexOfSubList(have, want) >= 0;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        Instant now = clock.instant();
        String endpoint = path.startsWith("/2/tweets/search/recent") ? "search" : path.equals("/2/tweets") ? "tweets"
                : path.equals("/2/users") ? "users" : null;
        if (endpoint == null) {
            return new MockResponse.Builder().code(404).body("{\"title\":\"Not Found Error\"}").build();
        }
        Window window = windows.computeIfAbsent(endpoint, key -> new Window());
        int limit = switch (endpoint) {
            case "search" -> SEARCH_LIMIT;
            case "tweets" -> LOOKUP_LIMIT;
            default -> USERS_LIMIT;
        };
        if (window.reset == null || !now.isBefore(window.reset)) {
            window.reset = now.plus(WINDOW);
            window.remaining = limit;
        }
        if (window.remaining == 0) {
            throttled.incrementAndGet();
            return limited(new MockResponse.Builder().code(429).body("{\"title\":\"Too Many Requests\",\"detail\":"
                    + "\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}"), limit, window);
        }
        window.remaining--;
        switch (endpoint) {
            case "search" -> searches.incrementAndGet();
            case "tweets" -> tweetLookups.incrementAndGet();
            default -> userLookups.incrementAndGet();
        }
        String body;
        try {
            body = switch (endpoint) {
                case "search" -> search(request, now);
                case "tweets" -> lookup(request);
                default -> users(request);
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            rejected.incrementAndGet();
            return limited(new MockResponse.Builder().code(400).body("{\"errors\":[{\"parameters\":{},\"message\":\""
                    + e.getMessage().replace("\"", "'") + "\"}],\"title\":\"Invalid Request\",\"type\":"
                    + "\"https://api.twitter.com/2/problems/invalid-request\"}"), limit, window);
        }
        return limited(new MockResponse.Builder().code(200).body(body), limit, window);
    }

    private static MockResponse limited(MockResponse.Builder response, int limit, Window window) {
        return response.addHeader("x-rate-limit-limit", Integer.toString(limit))
                .addHeader("x-rate-limit-remaining", Integer.toString(window.remaining))
                .addHeader("x-rate-limit-reset", Long.toString(window.reset.getEpochSecond())).build();
    }

    private String search(RecordedRequest request, Instant now) {
        String query = request.getUrl().queryParameter("query");
        if (query == null || query.length() > QUERY_MAX_LENGTH) {
            throw new IllegalArgumentException("query longer than " + QUERY_MAX_LENGTH);
        }
        int pageSize = Integer.parseInt(request.getUrl().queryParameter("max_results"));
        if (pageSize < PAGE_MIN || pageSize > PAGE_MAX) {
            throw new IllegalArgumentException("max_results out of range");
        }
        List<String> terms = new ArrayList<>();
        Matcher term = URL_TERM.matcher(query);
        while (term.find()) {
            terms.add(term.group(1));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("no positive operator");
        }
        boolean originalsOnly = query.contains("-is:retweet");
        Instant from = now.minus(RECENT_REACH);
        String startTime = request.getUrl().queryParameter("start_time");
        if (startTime != null && Instant.parse(startTime).isAfter(from)) {
            from = Instant.parse(startTime);
        }
        String endTime = request.getUrl().queryParameter("end_time");
        Instant to = endTime == null ? now : Instant.parse(endTime);
        String since = request.getUrl().queryParameter("since_id");
        long sinceId = since == null ? Long.MIN_VALUE : Long.parseLong(since);
        Set<Tweet> hits = new LinkedHashSet<>();
        for (String wanted : terms) {
            String id = wanted.replaceAll(".*?(\\d{4}\\.\\d{4,5}).*", "$1");
            for (Tweet tweet : byPaper.getOrDefault(id, List.of())) {
                if (matches(wanted, tweet.url()) && !(originalsOnly && tweet.retweet())
                        && !tweet.createdAt().isBefore(from) && tweet.createdAt().isBefore(to) && tweet.id() > sinceId) {
                    hits.add(tweet);
                }
            }
        }
        List<Tweet> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparingLong(Tweet::id).reversed());
        String token = request.getUrl().queryParameter("next_token");
        int offset = token == null ? 0 : Integer.parseInt(token.substring(1));
        List<Tweet> page = sorted.subList(Math.min(offset, sorted.size()), Math.min(offset + pageSize, sorted.size()));
        StringBuilder meta = new StringBuilder("\"result_count\":" + page.size());
        if (!page.isEmpty()) {
            meta.append(",\"newest_id\":\"").append(page.get(0).id()).append("\",\"oldest_id\":\"")
                    .append(page.get(page.size() - 1).id()).append('"');
        }
        if (offset + pageSize < sorted.size()) {
            meta.append(",\"next_token\":\"p").append(offset + pageSize).append('"');
        }
        return "{" + (page.isEmpty() ? "" : "\"data\":[" + String.join(",", page.stream().map(XStandIn::json).toList())
                + "],") + "\"meta\":{" + meta + "}}";
    }

    private String lookup(RecordedRequest request) {
        List<String> data = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (long id : ids(request)) {
            Tweet tweet = byId.get(id);
            if (tweet == null) {
                errors.add("{\"value\":\"" + id + "\",\"detail\":\"Could not find tweet with ids: [" + id + "].\","
                        + "\"title\":\"Not Found Error\",\"resource_type\":\"tweet\",\"parameter\":\"ids\","
                        + "\"resource_id\":\"" + id + "\",\"type\":\"https://api.twitter.com/2/problems/"
                        + "resource-not-found\"}");
            } else {
                data.add(json(tweet));
            }
        }
        return "{\"data\":[" + String.join(",", data) + "]" + (errors.isEmpty() ? "" : ",\"errors\":["
                + String.join(",", errors) + "]") + "}";
    }

    private String users(RecordedRequest request) {
        List<String> users = new ArrayList<>();
        for (long id : ids(request)) {
            users.add("{\"id\":\"" + id + "\",\"username\":\"user" + id + "\",\"name\":\"User " + id + "\"}");
        }
        return "{\"data\":[" + String.join(",", users) + "]}";
    }

    private static List<Long> ids(RecordedRequest request) {
        String ids = request.getUrl().queryParameter("ids");
        List<Long> parsed = ids == null ? List.of() : Arrays.stream(ids.split(",")).map(Long::parseLong).toList();
        if (parsed.isEmpty() || parsed.size() > IDS_MAX) {
            throw new IllegalArgumentException("between 1 and " + IDS_MAX + " ids, got " + parsed.size());
        }
        return parsed;
    }

    private static String json(Tweet tweet) {
        long id = tweet.id();
        return "{\"id\":\"" + id + "\",\"author_id\":\"" + tweet.authorId() + "\",\"created_at\":\""
                + tweet.createdAt() + "\",\"text\":\"paper\",\"lang\":\"en\","
                + (tweet.retweet() ? "\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"1\"}]," : "")
                + "\"public_metrics\":{\"retweet_count\":" + (id % 30) + ",\"reply_count\":1,\"like_count\":"
                + (id % 90) + ",\"quote_count\":0},\"entities\":{\"urls\":[{\"expanded_url\":\"" + tweet.url()
                + "\"}]}}";
    }

    private static final class Window {
        private Instant reset;
        private int remaining;
    }
}
