package io.hotpapers.core.post;

import static io.hotpapers.core.db.internal.ResultSets.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Stores posts of every source and the papers they link; a post found twice is stored once. */
public final class PostStore {
    /** Inserts or updates a post and answers its key and whether its row changed. */
    private static final String UPSERT_POST = """
            WITH upserted AS (
                INSERT INTO posts (source, post_id, author_id, author_handle, author_name, text, lang, created_at,
                                   first_seen_at, automated, content_id)
                VALUES (:source, :postId, :authorId, :authorHandle, :authorName, :text, :lang, :createdAt, :now,
                        :automated, :contentId)
                ON CONFLICT (source, post_id) DO UPDATE SET
                    author_handle = coalesce(EXCLUDED.author_handle, posts.author_handle),
                    author_name = coalesce(EXCLUDED.author_name, posts.author_name),
                    text = EXCLUDED.text, lang = EXCLUDED.lang,
                    -- a sighting that cannot see the author's labels (a streamed record) never clears the flag
                    automated = posts.automated OR EXCLUDED.automated,
                    content_id = coalesce(EXCLUDED.content_id, posts.content_id)
                -- first_seen_at keeps the first sighting; an unchanged post is not rewritten
                WHERE (posts.author_handle, posts.author_name, posts.text, posts.lang, posts.automated,
                       posts.content_id)
                      IS DISTINCT FROM
                      (coalesce(EXCLUDED.author_handle, posts.author_handle),
                       coalesce(EXCLUDED.author_name, posts.author_name), EXCLUDED.text, EXCLUDED.lang,
                       posts.automated OR EXCLUDED.automated, coalesce(EXCLUDED.content_id, posts.content_id))
                RETURNING post_key
            )
            SELECT post_key, true AS changed FROM upserted
            UNION ALL
            SELECT post_key, false FROM posts
            WHERE source = :source AND post_id = :postId AND NOT EXISTS (SELECT 1 FROM upserted)
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public PostStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Stores posts with the papers each links, in one transaction; returns how many post rows changed. */
    public int upsert(Collection<LinkedPost> posts) {
        if (posts.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            PreparedBatch linkBatch = handle.prepareBatch("""
                    INSERT INTO post_papers (post_key, arxiv_id) VALUES (:postKey, :arxivId) ON CONFLICT DO NOTHING
                    """);
            int changed = 0;
            for (LinkedPost linked : posts) {
                Upserted row = handle.createQuery(UPSERT_POST)
                        .bindMethods(linked.post())
                        .bind("now", now)
                        .map((rows, context) -> new Upserted(rows.getLong("post_key"), rows.getBoolean("changed")))
                        .findOne()
                        // a concurrent writer's unchanged row is not in this statement's snapshot: read it anew
                        .orElseGet(() -> new Upserted(handle.createQuery(
                                        "SELECT post_key FROM posts WHERE source = :source AND post_id = :postId")
                                .bind("source", linked.post().source()).bind("postId", linked.post().postId())
                                .mapTo(Long.class).one(), false));
                changed += row.changed() ? 1 : 0;
                for (String arxivId : linked.arxivIds()) {
                    linkBatch.bind("postKey", row.postKey()).bind("arxivId", arxivId).add();
                }
            }
            if (linkBatch.size() > 0) {
                linkBatch.execute();
            }
            return changed;
        });
    }

    private record Upserted(long postKey, boolean changed) {
    }

    /** Records that the source no longer shows the post (deleted, hidden, suspended); the first report wins. */
    public boolean markGone(String source, String postId, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE posts SET gone_at = :at WHERE source = :source AND post_id = :id AND gone_at IS NULL
                        """)
                .bind("source", source)
                .bind("id", postId)
                .bind("at", at)
                .execute()) > 0;
    }

    public Optional<StoredPost> find(String source, String postId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM posts WHERE source = :source AND post_id = :id
                        """)
                .bind("source", source)
                .bind("id", postId)
                .map((rows, context) -> new StoredPost(
                        new Post(rows.getString("source"), rows.getString("post_id"), rows.getString("author_id"),
                                rows.getString("author_handle"), rows.getString("author_name"),
                                rows.getString("text"), rows.getString("lang"), instant(rows, "created_at"),
                                rows.getBoolean("automated"), rows.getString("content_id")),
                        instant(rows, "first_seen_at"),
                        instant(rows, "gone_at")))
                .findOne());
    }

    /**
     * Which of the authors have a post of the source stored with their handle: another of their posts needs no
     * look-up of its author (X bills every user object it returns).
     */
    public Set<String> knownAuthors(String source, Collection<String> authorIds) {
        if (authorIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(handle -> Set.copyOf(handle.createQuery("""
                        SELECT DISTINCT author_id FROM posts
                        WHERE source = :source AND author_id = ANY (:ids) AND author_handle IS NOT NULL
                        """)
                .bind("source", source)
                .bindArray("ids", String.class, List.copyOf(authorIds))
                .mapTo(String.class)
                .list()));
    }

    /**
     * What this database has seen so far for the categories: mailing dates and distinct papers listed, and the
     * source's posts linking those papers; the base of a backfill's cost estimate.
     */
    public record LinkHistory(long dates, long papers, long posts) {
    }

    public LinkHistory linkHistory(String source, Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        WITH listed AS (SELECT DISTINCT mailing_date, arxiv_id FROM listings
                                        WHERE category = ANY (:categories))
                        SELECT (SELECT count(DISTINCT mailing_date) FROM listed) AS dates,
                               (SELECT count(DISTINCT arxiv_id) FROM listed) AS papers,
                               (SELECT count(DISTINCT pp.post_key) FROM post_papers pp JOIN posts p USING (post_key)
                                WHERE p.source = :source AND pp.arxiv_id IN (SELECT arxiv_id FROM listed)) AS posts
                        """)
                .bindArray("categories", String.class, List.copyOf(categories))
                .bind("source", source)
                .map((rows, context) -> new LinkHistory(rows.getLong("dates"), rows.getLong("papers"),
                        rows.getLong("posts")))
                .one());
    }

    /** The ids of the papers a post links, in id order. */
    public List<String> linkedPapers(String source, String postId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT pp.arxiv_id FROM post_papers pp JOIN posts p USING (post_key)
                        WHERE p.source = :source AND p.post_id = :id ORDER BY pp.arxiv_id
                        """)
                .bind("source", source)
                .bind("id", postId)
                .mapTo(String.class)
                .list());
    }

    /** A post with the ids (without version) of the papers its links resolve to. */
    public record LinkedPost(Post post, Set<String> arxivIds) {
        public LinkedPost {
            arxivIds = Set.copyOf(arxivIds);
        }
    }

    /**
     * A post as stored, with hotpapers' own bookkeeping.
     *
     * @param goneAt when the source first reported the post gone, or {@code null}
     */
    public record StoredPost(Post post, Instant firstSeenAt, Instant goneAt) {
    }
}
