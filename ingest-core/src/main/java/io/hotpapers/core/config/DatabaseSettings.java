package io.hotpapers.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where the data lives: an embedded PostgreSQL in the hotpapers home, or an existing server. */
public sealed interface DatabaseSettings {

    /** A human-readable description of the database, safe to print (never contains a password). */
    String describe();

    /** An embedded PostgreSQL whose data directory is {@code home/pgdata}, shared by every process on that home. */
    record Embedded(Path home) implements DatabaseSettings {
        public Embedded {
            Objects.requireNonNull(home, "home");
        }

        public Path dataDirectory() {
            return home.resolve("pgdata");
        }

        @Override
        public String describe() {
            return "embedded PostgreSQL in " + dataDirectory();
        }
    }

    /** An existing PostgreSQL server reached through a {@code jdbc:postgresql:} URL. */
    record External(String jdbcUrl, String user, Secret password) implements DatabaseSettings {
        private static final Pattern PASSWORD_PARAMETER =
                Pattern.compile("(?i)([?&]password=)[^&]*");
        private static final Pattern USER_INFO = Pattern.compile("^(jdbc:postgresql://)[^/@]*@");

        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }

        @Override
        public String describe() {
            return redact(jdbcUrl);
        }

        @Override
        public String toString() {
            return "External[" + describe() + (user == null ? "" : ", user=" + user) + "]";
        }

        /** The URL with any password parameter or user-info part blanked out. */
        static String redact(String jdbcUrl) {
            String withoutParameter = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****");
            return USER_INFO.matcher(withoutParameter).replaceFirst("$1****@");
        }
    }
}
