package io.hotpapers.scheduler;

import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.db.MigrationReport;
import java.time.Clock;

/**
 * The composition root: builds every hotpapers part from the validated configuration, by constructor.
 *
 * <p>{@link #start()} brings the database up and applies pending migrations; {@link #stop()} releases it.
 */
public final class App {
    private final HotpapersConfig config;
    private final Clock clock;
    private final Database database;
    private MigrationReport migration;

    public App(HotpapersConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = new Database(config.database());
    }

    /** Connects to (or starts) the database and migrates it; safe to call once per process. */
    public void start() {
        database.start();
        try {
            migration = database.migrate();
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
    }

    public void stop() {
        database.stop();
    }

    public HotpapersConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    /** What the migration at start did. */
    public MigrationReport migration() {
        return migration;
    }
}
