package io.hotpapers.scheduler.cluster;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.HotpapersConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's paths, checked before it touches the database: a start that cannot write fails in one line. */
public final class StartChecks {
    private StartChecks() {
    }

    /** Creates and test-writes every directory the daemon writes to. */
    public static void writablePaths(HotpapersConfig config) {
        if (config.database() instanceof DatabaseSettings.Embedded embedded) {
            writableDirectory(embedded.home(), "HOTPAPERS_HOME");
        }
        writableDirectory(config.digestDirectory(), "HOTPAPERS_HOME/digests");
    }

    static void writableDirectory(Path directory, String what) {
        try {
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".hotpapers-write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new StartCheckException("cannot write to " + what + " (" + directory + "): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
