package io.hotpapers.core.tweet;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Stores tweets and the papers they link; a tweet found twice is stored once. */
public final class TweetStore {
    private static final String UPSERT_TWEET = """
            INSERT INTO tweets (tweet_id, author_id, username, display_name, text, lang, created_at, first_seen_at)
            VALUES (:tweetId, :authorId, :username, :displayName, :text, :lang, :createdAt, :now)
            ON CONFLICT (tweet_id) DO UPDATE SET
                username = coalesce(EXCLUDED.username, tweets.username),
                display_name = coalesce(EXCLUDED.display_name, tweets.display_name),
                text = EXCLUDED.text, lang = EXCLUDED.lang
            -- first_seen_at keeps the first sighting; an unchanged tweet is not rewritten
            WHERE (tweets.username, tweets.display_name, tweets.text, tweets.lang)
                  IS DISTINCT FROM
                  (coalesce(EXCLUDED.username, tweets.username), coalesce(EXCLUDED.display_name, tweets.display_name),
                   EXCLUDED.text, EXCLUDED.lang)
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public TweetStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Stores tweets with the papers each links, in one transaction; returns how many tweet rows changed. */
    public int upsert(Collection<LinkedTweet> tweets) {
        if (tweets.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            PreparedBatch tweetBatch = handle.prepareBatch(UPSERT_TWEET);
            PreparedBatch linkBatch = handle.prepareBatch("""
                    INSERT INTO tweet_papers (tweet_id, arxiv_id) VALUES (:tweetId, :arxivId) ON CONFLICT DO NOTHING
                    """);
            for (LinkedTweet linked : tweets) {
                tweetBatch.bindMethods(linked.tweet()).bind("now", now).add();
                for (String arxivId : linked.arxivIds()) {
                    linkBatch.bind("tweetId", linked.tweet().tweetId()).bind("arxivId", arxivId).add();
                }
            }
            int changed = Arrays.stream(tweetBatch.execute()).sum();
            if (linkBatch.size() > 0) {
                linkBatch.execute();
            }
            return changed;
        });
    }

    /** Records that X no longer shows the tweet (deleted, protected, suspended); the first report wins. */
    public boolean markGone(long tweetId, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE tweets SET gone_at = :at WHERE tweet_id = :id AND gone_at IS NULL
                        """)
                .bind("id", tweetId)
                .bind("at", at)
                .execute()) > 0;
    }

    public Optional<StoredTweet> find(long tweetId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM tweets WHERE tweet_id = :id")
                .bind("id", tweetId)
                .map((rows, context) -> new StoredTweet(
                        new Tweet(rows.getLong("tweet_id"), rows.getLong("author_id"), rows.getString("username"),
                                rows.getString("display_name"), rows.getString("text"), rows.getString("lang"),
                                instant(rows, "created_at")),
                        instant(rows, "first_seen_at"),
                        instant(rows, "gone_at")))
                .findOne());
    }

    /** The ids of the papers a tweet links, in id order. */
    public List<String> linkedPapers(long tweetId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id FROM tweet_papers WHERE tweet_id = :id ORDER BY arxiv_id
                        """)
                .bind("id", tweetId)
                .mapTo(String.class)
                .list());
    }

    /** A tweet with the ids (without version) of the papers its links resolve to. */
    public record LinkedTweet(Tweet tweet, Set<String> arxivIds) {
        public LinkedTweet {
            arxivIds = Set.copyOf(arxivIds);
        }
    }

    /**
     * A tweet as stored, with hotpapers' own bookkeeping.
     *
     * @param goneAt when X first reported the tweet gone, or {@code null}
     */
    public record StoredTweet(Tweet tweet, Instant firstSeenAt, Instant goneAt) {
    }
}
