package io.hotpapers.arxiv;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.DatabaseSettings;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.db.Database;
import io.hotpapers.core.http.Retrier;
import io.hotpapers.core.http.Sleeper;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.run.IngestRunStore;
import io.hotpapers.core.testing.MutableClock;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** A backfill in its own JVM, for {@link BackfillKillTest} to kill with SIGKILL halfway. */
public final class BackfillProbe {
    private BackfillProbe() {
    }

    public static void main(String[] args) {
        Database database = new Database(new DatabaseSettings.External(args[0], args[1].isEmpty() ? null : args[1],
                args[2].isEmpty() ? null : new Secret(args[2])));
        database.start();
        BackfillKillTest.backfill(database, HttpUrl.get(args[3]));
    }

    /** The backfill every run of the test does: same clock, same stand-in, the range given. */
    static void run(Database database, HttpUrl api, LocalDate from, LocalDate to) {
        MutableClock clock = MutableClock.at(BackfillKillTest.NOW);
        ArxivClient client = new ArxivClient(api, api.resolve("/rss/"), new OkHttpClient(), clock,
                new Retrier(Retrier.Policy.standard(), clock, Sleeper.SYSTEM, new Random(1)));
        new BackfillService(client, new MailingCalendar(List.of()), new ListingStore(database.jdbi(), clock),
                new IngestRunStore(database.jdbi(), clock, new ObjectMapper()), clock, 2000)
                .backfill(from, to,
                        new CategorySelection(List.of("cs.LG"), CategoryTaxonomy.load()), (r, d, t, e) -> { });
    }
}
