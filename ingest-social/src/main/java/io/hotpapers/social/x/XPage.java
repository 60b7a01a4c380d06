package io.hotpapers.social.x;

import java.util.List;
import java.util.Map;

/**
 * One response of search or lookup.
 *
 * @param nextToken the token of the next search page, or {@code null} on the last page
 * @param newestId the newest post id of the search page ({@code meta.newest_id}), or {@code null}
 * @param postsRead how many posts the response delivered (matched and included): what X bills
 */
public record XPage(List<XTweet> tweets, Map<Long, XUser> users, List<XProblem> problems, String nextToken,
                    String newestId, int postsRead) {
    public XPage {
        tweets = List.copyOf(tweets);
        users = Map.copyOf(users);
        problems = List.copyOf(problems);
    }
}
