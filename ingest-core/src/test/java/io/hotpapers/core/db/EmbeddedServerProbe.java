package io.hotpapers.core.db;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second hotpapers process for {@link EmbeddedPostgresServerTest}: joins the embedded server of a home,
 * prints {@code READY <port> <owner>} and leaves when it reads {@code stop} (or is killed).
 */
public final class EmbeddedServerProbe {
    private EmbeddedServerProbe() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(Path.of(args[0]), Duration.ofSeconds(60));
        int port = server.start();
        System.out.println("READY " + port + " " + server.isOwner());
        System.out.flush();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null && !line.equals("stop"); line = input.readLine()) {
            // wait for the test to say stop
        }
        server.stop();
        System.out.println("STOPPED");
        System.out.flush();
    }
}
