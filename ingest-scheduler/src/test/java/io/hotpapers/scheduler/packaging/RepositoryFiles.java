package io.hotpapers.scheduler.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root (the launcher, packaging), found from the module directory tests run in. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    static Path root() {
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = module; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("hotpapers")) && Files.isDirectory(candidate.resolve("sql"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root above " + module);
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
