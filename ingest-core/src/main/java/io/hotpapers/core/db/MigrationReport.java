package io.hotpapers.core.db;

/** What a migration run did: how many migrations it applied and the schema version afterwards. */
public record MigrationReport(int applied, String schemaVersion) {
}
