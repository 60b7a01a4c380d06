package io.hotpapers.social.seam;

import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.EmbeddedPost;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.social.FoundPost;
import io.hotpapers.social.PaperTarget;
import io.hotpapers.social.SocialSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network that exists only in tests, to prove that a source plugs in without touching the schema, the stores,
 * the digest query or a renderer: text ids that are URIs, its own metric names ("boosts", "hearts",
 * "comments") mapped onto the neutral vocabulary, cursors that do not sort as text ("p9" is older than "p10"), and
 * its own embed. It answers from an in-memory "server" the test fills.
 */
final class TestNetwork implements SocialSource {
    static final String NAME = "testnet";

    /** A post as the network's API would describe it, in its own words. */
    record RemotePost(String uri, String author, String text, Instant createdAt, String arxivId, long boosts,
                      long hearts, long comments) {
    }

    private final Clock clock;
    private final Map<String, RemotePost> server = new LinkedHashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private String cursorToReport;
    private Post foreign;
    final List<List<String>> refreshRequests = new ArrayList<>();
    final List<List<PaperTarget>> discoveryRequests = new ArrayList<>();

    TestNetwork(Clock clock) {
        this.clock = clock;
    }

    void publish(RemotePost post) {
        server.put(post.uri(), post);
    }

    void delete(String uri) {
        deleted.add(uri);
    }

    /** A misbehaving network: the next discovery also hands over a post under another source's name. */
    void sendForeign(Post post) {
        foreign = post;
    }

    void reportCursor(String cursor) {
        cursorToReport = cursor;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** "p" and a page number: numeric order, which text order is not ("p10" < "p9" as text). */
    @Override
    public Comparator<String> cursorOrder() {
        return Comparator.comparingLong(cursor -> Long.parseLong(cursor.substring(1)));
    }

    @Override
    public Discovery discover(List<PaperTarget> papers, Instant notBefore) {
        discoveryRequests.add(List.copyOf(papers));
        List<FoundPost> found = new ArrayList<>();
        Map<String, String> cursors = new HashMap<>();
        for (PaperTarget paper : papers) {
            server.values().stream()
                    .filter(post -> post.arxivId().equals(paper.arxivId()) && !deleted.contains(post.uri()))
                    .forEach(post -> found.add(new FoundPost(post(post), Set.of(post.arxivId()), snapshot(post))));
            if (cursorToReport != null) {
                cursors.put(paper.arxivId(), cursorToReport);
            }
        }
        if (foreign != null) {
            found.add(new FoundPost(foreign, Set.of(papers.get(0).arxivId()), null));
            foreign = null;
        }
        return new Discovery(found, cursors, 1, found.size(), false, List.of());
    }

    @Override
    public Refresh refresh(List<String> postIds) {
        refreshRequests.add(List.copyOf(postIds));
        List<PostSnapshot> snapshots = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        for (String id : postIds) {
            RemotePost post = server.get(id);
            if (post == null || deleted.contains(id)) {
                gone.add(id);
            } else {
                snapshots.add(snapshot(post));
            }
        }
        return new Refresh(snapshots, gone, 1, snapshots.size(), false, List.of());
    }

    private static Post post(RemotePost post) {
        return new Post(NAME, post.uri(), "did:" + post.author(), post.author(), null, post.text(), null,
                post.createdAt());
    }

    /** The network's names onto the vocabulary: boosts are reposts, hearts likes, comments replies. */
    private PostSnapshot snapshot(RemotePost post) {
        return new PostSnapshot(NAME, post.uri(), clock.instant(), post.boosts(), post.hearts(), post.comments(), 0,
                null, null);
    }

    /** How the network shows in a digest: its own words and its own embed. */
    static final class Renderer implements SourceRenderer {
        @Override
        public String source() {
            return NAME;
        }

        @Override
        public String summaryLine(DigestEntry.SourceTotals totals) {
            return "test network: " + totals.posts() + " threads, " + totals.reposts() + " boosts, " + totals.likes()
                    + " hearts";
        }

        @Override
        public Map<String, Long> counts(DigestEntry.SourceTotals totals) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("threads", (long) totals.posts());
            counts.put("boosts", totals.reposts());
            counts.put("hearts", totals.likes());
            return counts;
        }

        @Override
        public String embedHtml(EmbeddedPost post) {
            return "<blockquote class=\"testnet-post\"><p>" + Html.text(post.text(), UntrustedText.TWEET)
                    + "</p>&mdash; " + Html.text(post.username(), UntrustedText.NAME) + "</blockquote>";
        }

        @Override
        public String url(EmbeddedPost post) {
            return "https://testnet.example/" + post.postId().substring("test://".length());
        }
    }
}
