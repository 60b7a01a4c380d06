package io.hotpapers.core.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code hotpapers status} shows about the database: where it is, its schema version, its row counts. */
public record DatabaseStatus(String database, String serverVersion, String schemaVersion, Map<String, Long> rowCounts) {
    public DatabaseStatus {
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts)); // keeps the table order
    }
}
