package io.hotpapers.social.x;

import io.hotpapers.core.run.Skip;
import java.util.List;
import java.util.Map;

/**
 * One response of search or lookup.
 *
 * @param nextToken the token of the next search page, or {@code null} on the last page
 * @param newestId the newest post id of the search page ({@code meta.newest_id}), or {@code null}
 * @param postsRead how many posts the response delivered (matched and included, skipped or not): what X bills
 * @param skipped the posts and users left out because they break what X defines, each with the reason
 */
public record XPage(List<XTweet> tweets, Map<Long, XUser> users, List<XProblem> problems, String nextToken,
                    String newestId, int postsRead, List<Skip> skipped) {
    public XPage {
        tweets = List.copyOf(tweets);
        users = Map.copyOf(users);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }
}
