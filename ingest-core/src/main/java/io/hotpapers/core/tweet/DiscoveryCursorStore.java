package io.hotpapers.core.tweet;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Where discovery stands per source and paper: the newest post seen, so the next round asks only for newer ones. */
public final class DiscoveryCursorStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public DiscoveryCursorStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The newest post id seen per paper; papers never searched are absent. */
    public Map<String, Long> newestPostIds(String source, Collection<String> arxivIds) {
        if (arxivIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT arxiv_id, newest_post_id FROM discovery_cursors
                        WHERE source = :source AND arxiv_id IN (<ids>)
                        """)
                .bind("source", source)
                .bindList("ids", arxivIds)
                .map((rows, context) -> Map.entry(rows.getString("arxiv_id"), rows.getLong("newest_post_id")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Moves each paper's cursor forward (never back) after a completed search. */
    public void advance(String source, Map<String, Long> newestPostIds) {
        if (newestPostIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("""
                    INSERT INTO discovery_cursors (source, arxiv_id, newest_post_id, searched_at)
                    VALUES (:source, :id, :newest, :now)
                    ON CONFLICT (source, arxiv_id) DO UPDATE
                        SET newest_post_id = greatest(discovery_cursors.newest_post_id, EXCLUDED.newest_post_id),
                            searched_at = EXCLUDED.searched_at
                    """);
            newestPostIds.forEach((id, newest) -> batch.bind("source", source).bind("id", id).bind("newest", newest)
                    .bind("now", now).add());
            batch.execute();
        });
    }
}
