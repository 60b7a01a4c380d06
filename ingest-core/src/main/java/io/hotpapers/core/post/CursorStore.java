package io.hotpapers.core.post;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Where discovery stands per source and scope (for X: per paper, the newest post seen, so the next round asks only
 * for newer ones). A cursor is opaque text: only its source knows how two of its cursors compare.
 */
public final class CursorStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public CursorStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The cursor per scope; scopes never searched are absent. */
    public Map<String, String> cursors(String source, Collection<String> scopes) {
        if (scopes.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT scope, cursor FROM discovery_cursors WHERE source = :source AND scope IN (<scopes>)
                        """)
                .bind("source", source)
                .bindList("scopes", scopes)
                .map((rows, context) -> Map.entry(rows.getString("scope"), rows.getString("cursor")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * Moves each scope's cursor forward, never back, in the source's own order: a concurrent round that saw less
     * cannot undo what another recorded. Rows are locked in scope order, so concurrent writers cannot deadlock.
     */
    public void advance(String source, Map<String, String> cursors, Comparator<String> order) {
        if (cursors.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, String> sorted = new TreeMap<>(cursors);
        jdbi.useTransaction(handle -> {
            for (String scope : sorted.keySet()) {
                handle.createUpdate("""
                                INSERT INTO discovery_cursors (source, scope, cursor, searched_at)
                                VALUES (:source, :scope, :cursor, :now) ON CONFLICT DO NOTHING
                                """)
                        .bind("source", source).bind("scope", scope).bind("cursor", sorted.get(scope))
                        .bind("now", now).execute();
            }
            Map<String, String> stored = new HashMap<>();
            handle.createQuery("""
                            SELECT scope, cursor FROM discovery_cursors WHERE source = :source AND scope IN (<scopes>)
                            ORDER BY scope FOR UPDATE
                            """)
                    .bind("source", source)
                    .bindList("scopes", sorted.keySet())
                    .map((rows, context) -> Map.entry(rows.getString("scope"), rows.getString("cursor")))
                    .forEach(row -> stored.put(row.getKey(), row.getValue()));
            for (Map.Entry<String, String> entry : sorted.entrySet()) {
                String current = stored.get(entry.getKey());
                String next = current == null || order.compare(entry.getValue(), current) > 0
                        ? entry.getValue() : current;
                handle.createUpdate("""
                                UPDATE discovery_cursors SET cursor = :cursor, searched_at = :now
                                WHERE source = :source AND scope = :scope
                                """)
                        .bind("source", source).bind("scope", entry.getKey()).bind("cursor", next).bind("now", now)
                        .execute();
            }
        });
    }
}
