package io.hotpapers.core.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.testing.StoredRows;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaperStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final MutableClock clock = MutableClock.at("2021-05-12T08:00:00Z");
    private PaperStore store;
    private ListingStore listings;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        store = new PaperStore(postgres.jdbi(), clock);
        listings = new ListingStore(postgres.jdbi(), clock);
    }

    static Paper deepLearningPaper(int version, String title) {
        return new Paper("2105.04026", version, title,
                "We describe the new field of mathematical analysis of deep learning.",
                List.of("Julius Berner", "Philipp Grohs", "Gitta Kutyniok", "Philipp Petersen"),
                "cs.LG", List.of("cs.LG", "stat.ML"),
                Instant.parse("2021-05-09T19:47:43Z"), Instant.parse("2021-05-09T19:47:43Z"),
                "This review paper will appear as a book chapter", null, null);
    }

    @Test
    void storedPaperReadsBackEqual() {
        Paper paper = deepLearningPaper(1, "The Modern Mathematics of Deep Learning");

        assertThat(store.upsert(List.of(paper))).isEqualTo(1);

        assertThat(store.find("2105.04026")).contains(paper);
    }

    @Test
    void oldStyleIdsAreStoredAsGiven() {
        Paper old = new Paper("hep-th/9901001", 2, "Old paper", "Abstract", List.of("A. Author"), "hep-th",
                List.of("hep-th", "gr-qc"), Instant.parse("1999-01-01T00:00:00Z"),
                Instant.parse("1999-02-01T00:00:00Z"), null, "Phys. Rev. D 1 (1999)", "10.1000/xyz");

        store.upsert(List.of(old));

        assertThat(store.find("hep-th/9901001")).contains(old);
    }

    @Test
    void upsertingTheSamePaperTwiceChangesNothing() {
        Paper paper = deepLearningPaper(1, "The Modern Mathematics of Deep Learning");
        store.upsert(List.of(paper));
        StoredRows.RowTimes before = StoredRows.paperRowTimes(postgres.jdbi(), "2105.04026").orElseThrow();

        clock.advance(Duration.ofHours(1));
        int changed = store.upsert(List.of(paper));

        assertThat(changed).isZero();
        assertThat(StoredRows.paperRowTimes(postgres.jdbi(), "2105.04026")).contains(before);
    }

    @Test
    void aNewVersionUpdatesTheRowButKeepsTheFirstIngestTime() {
        store.upsert(List.of(deepLearningPaper(1, "Old title")));
        Instant firstIngest = clock.instant();

        clock.advance(Duration.ofDays(2));
        int changed = store.upsert(List.of(deepLearningPaper(2, "New title")));

        assertThat(changed).isEqualTo(1);
        assertThat(store.find("2105.04026").orElseThrow().title()).isEqualTo("New title");
        assertThat(StoredRows.paperRowTimes(postgres.jdbi(), "2105.04026").orElseThrow())
                .isEqualTo(new StoredRows.RowTimes(firstIngest, clock.instant()));
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() {
        store.upsert(List.of(deepLearningPaper(3, "Version three")));

        int changed = store.upsert(List.of(deepLearningPaper(2, "Version two")));

        assertThat(changed).isZero();
        assertThat(store.find("2105.04026").orElseThrow().latestVersion()).isEqualTo(3);
    }

    @Test
    void aVersionedIdIsRejectedByTheSchema() {
        Paper versioned = new Paper("2105.04026v2", 2, "t", "a", List.of("x"), "cs.LG", List.of("cs.LG"),
                Instant.EPOCH, Instant.EPOCH, null, null, null);

        assertThatThrownBy(() -> store.upsert(List.of(versioned)))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("papers_arxiv_id_check");
        assertThat(store.find("2105.04026v2")).isEmpty();
    }

    @Test
    void listingsRoundTripAndAreIdempotent() {
        LocalDate date = LocalDate.parse("2021-05-11");
        List<Listing> listed = List.of(
                new Listing(date, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(date, "stat.ML", "2105.04026", AnnounceType.CROSS),
                new Listing(date, "cs.LG", "2101.00001", AnnounceType.REPLACE));

        assertThat(listings.record(listed)).isEqualTo(3);
        assertThat(listings.record(listed)).isZero();

        assertThat(StoredRows.listings(postgres.jdbi(), date)).containsExactly(
                new Listing(date, "cs.LG", "2101.00001", AnnounceType.REPLACE),
                new Listing(date, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(date, "stat.ML", "2105.04026", AnnounceType.CROSS));
        assertThat(StoredRows.listings(postgres.jdbi(), date.plusDays(1))).isEmpty();
    }

    @Test
    void aListingIsRecordedBeforeThePaperMetadataArrives() {
        LocalDate date = LocalDate.parse("2024-11-28");

        listings.record(List.of(new Listing(date, "cs.CL", "2411.17001", AnnounceType.NEW)));

        assertThat(StoredRows.listings(postgres.jdbi(), date)).hasSize(1);
        assertThat(store.find("2411.17001")).isEmpty();
    }

    @Test
    void asksForMetadataOnlyWhereItIsMissingOrOlderThanListed() {
        store.upsert(List.of(deepLearningPaper(2, "Stored at version 2")));

        List<String> needed = store.needingMetadata(List.of(new ArxivId("2105.04026", 2),
                new ArxivId("2105.04026", 0), new ArxivId("2101.00001", 1), new ArxivId("2101.00001", 0)));
        List<String> newer = store.needingMetadata(List.of(new ArxivId("2105.04026", 3)));

        assertThat(needed).containsExactly("2101.00001");
        assertThat(newer).containsExactly("2105.04026");
    }

    @Test
    void anAnnouncementIsStoredWhollyOrNotAtAll() {
        LocalDate date = LocalDate.parse("2021-05-11");
        Paper good = deepLearningPaper(1, "Good");
        Listing broken = new Listing(date, "cs.LG", "not-an-id", AnnounceType.NEW);

        assertThatThrownBy(() -> listings.storeAnnouncement(List.of(good),
                List.of(new Listing(date, "cs.LG", "2105.04026", AnnounceType.NEW), broken)))
                .isInstanceOf(UnableToExecuteStatementException.class);

        assertThat(store.find("2105.04026")).isEmpty();
        assertThat(StoredRows.listings(postgres.jdbi(), date)).isEmpty();
    }

    @Test
    void listingsWithoutMetadataAreTheWorkStillOwed() {
        LocalDate date = LocalDate.parse("2021-05-11");
        listings.storeAnnouncement(List.of(deepLearningPaper(1, "Fetched")), List.of(
                new Listing(date, "cs.LG", "2105.04026", AnnounceType.NEW),
                new Listing(date, "cs.LG", "2105.09999", AnnounceType.NEW),
                new Listing(date, "stat.ML", "2105.09999", AnnounceType.CROSS)));

        assertThat(store.find("2105.04026")).isPresent();
        assertThat(new MetadataAttemptStore(postgres.jdbi(), clock).owedCount(List.of("cs.LG", "stat.ML")))
                .as("one paper, listed twice, still owes metadata").isEqualTo(new MetadataAttemptStore.OwedMetadata(1, 0));
    }
}
