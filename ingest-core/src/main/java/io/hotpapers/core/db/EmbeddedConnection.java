package io.hotpapers.core.db;

import java.nio.file.Path;
import java.util.List;

/** Where the embedded server listens and which libpq password file logs into it, for psql; holds no password. */
public record EmbeddedConnection(String host, int port, String user, String database, Path passwordFile) {

    /** The psql arguments (after the program name) that reach the hotpapers database. */
    public List<String> psqlArguments() {
        return List.of("-h", host, "-p", Integer.toString(port), "-U", user, database);
    }

    /** A shell command line a user can copy. */
    public String psqlCommand() {
        return "PGPASSFILE=" + shellQuoted(passwordFile.toString()) + " psql " + String.join(" ", psqlArguments());
    }

    private static String shellQuoted(String text) {
        return text.matches("[A-Za-z0-9_./@%+=:,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
