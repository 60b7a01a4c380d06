package io.hotpapers.core.paper;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Stores the listings of arXiv mailing dates (which paper, in which category, how announced); writes are upserts. */
public final class ListingStore {
    private static final String UPSERT_LISTINGS = """
            INSERT INTO listings (mailing_date, category, arxiv_id, announce_type)
            SELECT * FROM unnest(CAST(:dates AS date[]), CAST(:categories AS text[]), CAST(:ids AS text[]),
                                 CAST(:types AS text[]))
            ON CONFLICT (mailing_date, category, arxiv_id) DO UPDATE SET announce_type = EXCLUDED.announce_type
            WHERE listings.announce_type <> EXCLUDED.announce_type
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public ListingStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Records listings in one transaction; returns how many rows were added or changed. */
    public int record(Collection<Listing> listings) {
        return listings.isEmpty() ? 0 : jdbi.inTransaction(handle -> record(handle, listings));
    }

    /**
     * Stores a mailing date's papers and listings together, in one transaction: a date is either fully
     * stored or not at all. Returns the rows changed as (papers, listings).
     */
    public StoredCounts storeAnnouncement(Collection<Paper> papers, Collection<Listing> listings) {
        return jdbi.inTransaction(handle -> new StoredCounts(
                papers.isEmpty() ? 0 : PaperStore.upsert(handle, papers, clock.instant()),
                listings.isEmpty() ? 0 : record(handle, listings)));
    }

    /** Rows a write changed. */
    public record StoredCounts(int papers, int listings) {
    }

    /** The newest mailing date with a listing in any of the categories. */
    public Optional<LocalDate> newestMailingDate(Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT max(mailing_date) FROM listings WHERE category IN (<categories>)
                        """)
                .bindList("categories", List.copyOf(categories))
                .mapTo(LocalDate.class)
                .findOne());
    }

    /** The oldest mailing date with a listing in any of the categories: where hotpapers' records begin. */
    public Optional<LocalDate> oldestMailingDate(Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT min(mailing_date) FROM listings WHERE category IN (<categories>)
                        """)
                .bindList("categories", List.copyOf(categories))
                .mapTo(LocalDate.class)
                .findOne());
    }

    /** Whether any listing of the mailing date is stored in any of the categories. */
    public boolean hasListings(LocalDate mailingDate, Collection<String> categories) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM listings WHERE mailing_date = :date AND category IN (<categories>))
                        """)
                .bind("date", mailingDate)
                .bindList("categories", List.copyOf(categories))
                .mapTo(Boolean.class)
                .one());
    }

    /**
     * One statement for all the listings (the last of duplicates wins): the rollup triggers then take their locks
     * once and in order, so that concurrent writers cannot deadlock.
     */
    private static int record(Handle handle, Collection<Listing> listings) {
        Map<List<Object>, Listing> unique = new LinkedHashMap<>();
        listings.forEach(listing -> unique.put(
                List.of(listing.mailingDate(), listing.category(), listing.arxivId()), listing));
        return handle.createUpdate(UPSERT_LISTINGS)
                .bindArray("dates", String.class,
                        unique.values().stream().map(listing -> listing.mailingDate().toString()).toList())
                .bindArray("categories", String.class, unique.values().stream().map(Listing::category).toList())
                .bindArray("ids", String.class, unique.values().stream().map(Listing::arxivId).toList())
                .bindArray("types", String.class,
                        unique.values().stream().map(listing -> listing.announceType().wireName()).toList())
                .execute();
    }
}
