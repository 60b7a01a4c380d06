package io.hotpapers.arxiv;

import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.db.Database;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A second hotpapers process for {@link SharedSpacingTest}: on the given database, sends requests to the given
 * server through the same spacers as the arXiv client, prints {@code READY} first and {@code DONE} at the end.
 */
public final class SpacingProbe {
    private SpacingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Database database = new Database(new DatabaseSettings.External(args[0], args[1].isEmpty() ? null : args[1],
                args[2].isEmpty() ? null : new Secret(args[2])));
        database.start();
        OkHttpClient http = SharedSpacingTest.politeClient(database, Duration.ofMillis(Long.parseLong(args[5])));
        System.out.println("READY");
        System.out.flush();
        SharedSpacingTest.send(http, HttpUrl.get(args[3]).newBuilder().addQueryParameter("from", "probe").build(),
                Integer.parseInt(args[4]));
        System.out.println("DONE");
        System.out.flush();
        database.stop();
    }
}
