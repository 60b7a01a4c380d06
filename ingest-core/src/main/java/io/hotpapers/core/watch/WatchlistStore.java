package io.hotpapers.core.watch;

import static io.hotpapers.core.db.internal.ResultSets.strings;

import io.hotpapers.core.config.MailAddresses;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named watchlists, in table {@code watchlists}: one place for every process of a cluster. A row is read back
 * through {@link Watchlist}'s checks, so a row edited by hand into something unbounded is refused, not used.
 */
public final class WatchlistStore {
    /** The most watchlists one installation keeps: each costs a ranking of the day after every digest. */
    public static final int MAX_WATCHLISTS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistStore.class);

    private final Jdbi jdbi;
    private final Clock clock;

    public WatchlistStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** What {@link #save} did. */
    public enum Saved { ADDED, REPLACED, EXISTS, FULL }

    /**
     * Adds a watchlist, or replaces the one of the same name when asked to; nothing when the name exists and
     * {@code replace} is false, or when {@link #MAX_WATCHLISTS} are kept already.
     */
    public Saved save(Watchlist watchlist, boolean replace) {
        return jdbi.inTransaction(handle -> {
            // one writer at a time: the count check and the insert must not race another `watch add`
            handle.execute("LOCK TABLE watchlists IN SHARE ROW EXCLUSIVE MODE");
            boolean exists = handle.createQuery("SELECT EXISTS (SELECT 1 FROM watchlists WHERE name = :name)")
                    .bind("name", watchlist.name()).mapTo(Boolean.class).one();
            if (exists && !replace) {
                return Saved.EXISTS;
            }
            if (!exists && handle.createQuery("SELECT count(*) FROM watchlists").mapTo(Integer.class).one()
                    >= MAX_WATCHLISTS) {
                return Saved.FULL;
            }
            handle.createUpdate("""
                            INSERT INTO watchlists (name, keywords, authors, categories, min_score, channels,
                                                    mail_to, created_at, updated_at)
                            VALUES (:name, :keywords, :authors, :categories, :minScore, :channels, :mailTo, :now,
                                    :now)
                            ON CONFLICT (name) DO UPDATE SET keywords = EXCLUDED.keywords,
                                authors = EXCLUDED.authors, categories = EXCLUDED.categories,
                                min_score = EXCLUDED.min_score, channels = EXCLUDED.channels,
                                mail_to = EXCLUDED.mail_to, updated_at = EXCLUDED.updated_at
                            """)
                    .bind("name", watchlist.name())
                    .bindArray("keywords", String.class, watchlist.keywords())
                    .bindArray("authors", String.class, watchlist.authors())
                    .bindArray("categories", String.class, watchlist.categories())
                    .bind("minScore", (int) watchlist.minScore())
                    .bindArray("channels", String.class, watchlist.channels())
                    .bindArray("mailTo", String.class, watchlist.mailTo())
                    .bind("now", clock.instant())
                    .execute();
            return exists ? Saved.REPLACED : Saved.ADDED;
        });
    }

    /** Removes a watchlist; whether there was one. Its stored digests and deliveries stay, as history. */
    public boolean remove(String name) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM watchlists WHERE name = :name")
                .bind("name", name).execute()) > 0;
    }

    /** Every watchlist, by name; a row that breaks {@link Watchlist}'s bounds is left out with a log line. */
    public List<Watchlist> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM watchlists ORDER BY name LIMIT :max")
                .bind("max", MAX_WATCHLISTS)
                .map(WatchlistStore::watchlist)
                .stream().flatMap(Optional::stream).toList());
    }

    /** Each watchlist's name with the mailing date of its latest stored digest ({@code null}: none yet), by name. */
    public Map<String, LocalDate> latestDigests() {
        Map<String, LocalDate> latest = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT w.name, (SELECT max(d.mailing_date) FROM digests d WHERE d.watchlist = w.name) AS latest
                        FROM watchlists w ORDER BY w.name LIMIT :max
                        """)
                .bind("max", MAX_WATCHLISTS)
                .map((rows, context) -> new Object[] {rows.getString("name"),
                        rows.getObject("latest", LocalDate.class)})
                .forEach(row -> latest.put((String) row[0], (LocalDate) row[1])));
        return latest;
    }

    /** A mailing date with a daily digest, and whether the watchlist's digest of it is stored. */
    public record DailyDate(LocalDate date, boolean stored) {
    }

    /**
     * Per watchlist, oldest first, the mailing dates from {@code from} on that have a daily digest made after the
     * watchlist was created, each with whether the watchlist's digest of it is stored: where one is missing (it
     * failed after the daily digest), it is to be made again. Bounded: at most {@link #MAX_WATCHLISTS} watchlists
     * and {@code maxDates} dates each.
     */
    public Map<String, List<DailyDate>> dailyDates(LocalDate from, int maxDates) {
        Map<String, List<DailyDate>> dates = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT w.name, d.mailing_date,
                               EXISTS (SELECT 1 FROM digests x
                                       WHERE x.watchlist = w.name AND x.mailing_date = d.mailing_date) AS stored
                        FROM watchlists w
                        JOIN (SELECT mailing_date, max(generated_at) AS made FROM digests
                              WHERE watchlist = '' AND mailing_date >= :from GROUP BY mailing_date) d
                          ON d.made >= w.created_at
                        ORDER BY w.name, d.mailing_date LIMIT :max
                        """)
                .bind("from", from).bind("max", MAX_WATCHLISTS * maxDates)
                .map((rows, context) -> Map.entry(rows.getString("name"), new DailyDate(
                        rows.getObject("mailing_date", LocalDate.class), rows.getBoolean("stored"))))
                .forEach(row -> {
                    List<DailyDate> list = dates.computeIfAbsent(row.getKey(), name -> new ArrayList<>());
                    if (list.size() < maxDates) {
                        list.add(row.getValue());
                    }
                }));
        return dates;
    }

    /** The watchlist of this name. */
    public Optional<Watchlist> find(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM watchlists WHERE name = :name")
                .bind("name", name)
                .map(WatchlistStore::watchlist)
                .findOne().flatMap(found -> found));
    }

    private static Optional<Watchlist> watchlist(ResultSet rows, StatementContext context) throws SQLException {
        try {
            return Optional.of(new Watchlist(rows.getString("name"), strings(rows, "keywords"),
                    strings(rows, "authors"), strings(rows, "categories"), rows.getInt("min_score"),
                    strings(rows, "channels"), strings(rows, "mail_to")));
        } catch (IllegalArgumentException e) {
            LOG.warn("Watchlist {} is left out: its row breaks a bound ({})", rows.getString("name"),
                    MailAddresses.masked(e.getMessage()));
            return Optional.empty();
        }
    }
}
