package io.hotpapers.social.hackernews;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers like Algolia's Hacker News search from a list of stories: {@code search_by_date} over arxiv.org links in a
 * created_at_i window, newest first, and {@code search} by {@code story_<id>} tags; pages of at most 1,000 hits and
 * no more than 1,000 hits reachable per query.
 */
final class HnStandIn extends Dispatcher {
    private static final Pattern FILTER = Pattern.compile("created_at_i(>=|<)(\\d+)");

    record Story(long id, String url, long points, long comments, long createdAtSecond) {
    }

    private final List<Story> stories;
    final List<String> requests = new CopyOnWriteArrayList<>();

    HnStandIn(List<Story> stories) {
        this.stories = stories.stream().sorted(Comparator.comparingLong(Story::createdAtSecond).reversed()).toList();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String tags = request.getUrl().queryParameter("tags");
        List<Story> matching = new ArrayList<>();
        if (path.endsWith("/search_by_date")) {
            long from = Long.MIN_VALUE;
            long before = Long.MAX_VALUE;
            Matcher filter = FILTER.matcher(request.getUrl().queryParameter("numericFilters"));
            while (filter.find()) {
                if (filter.group(1).equals(">=")) {
                    from = Long.parseLong(filter.group(2));
                } else {
                    before = Long.parseLong(filter.group(2));
                }
            }
            for (Story story : stories) {
                if (story.url() != null && story.url().contains("arxiv.org") && story.createdAtSecond() >= from
                        && story.createdAtSecond() < before) {
                    matching.add(story);
                }
            }
            requests.add("window page " + request.getUrl().queryParameter("page"));
        } else {
            List<String> ids = List.of(tags.substring("story,(".length(), tags.length() - 1).split(","));
            stories.stream().filter(story -> ids.contains("story_" + story.id())).forEach(matching::add);
            requests.add("lookup " + ids.size());
        }
        int hitsPerPage = Math.min(1000, Integer.parseInt(request.getUrl().queryParameter("hitsPerPage")));
        int page = Integer.parseInt(request.getUrl().queryParameter("page"));
        int reachable = Math.min(1000, matching.size());
        int pages = (reachable + hitsPerPage - 1) / hitsPerPage;
        List<String> hits = new ArrayList<>();
        for (int i = page * hitsPerPage; i < Math.min(reachable, (page + 1) * hitsPerPage); i++) {
            Story story = matching.get(i);
            hits.add(HnBodies.story(story.id(), "a", story.url(), story.points(), story.comments(),
                    story.createdAtSecond()));
        }
        return new MockResponse.Builder().code(200)
                .body(HnBodies.page(hits, page, pages, hitsPerPage, matching.size())).build();
    }
}
