package io.hotpapers.core.db;

import java.util.Map;

/** What {@code hotpapers status} shows about the database: where it is, its schema version, its row counts. */
public record DatabaseStatus(String database, String serverVersion, String schemaVersion, Map<String, Long> rowCounts) {
    public DatabaseStatus {
        rowCounts = Map.copyOf(rowCounts);
    }
}
