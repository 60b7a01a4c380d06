package io.hotpapers.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watchlists table: add, replace only when asked, remove, the count bound, and the bounds of each field. */
class WatchlistStoreTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final WatchlistStore store = new WatchlistStore(postgres.jdbi(),
            new MutableClock(Instant.parse("2021-05-12T08:00:00Z")));

    @BeforeEach
    void empty() {
        postgres.truncateAll();
    }

    private static Watchlist named(String name, String keyword) {
        return new Watchlist(name, List.of(keyword, "exact phrase, with a comma"), List.of("Y. LeCun"),
                List.of("cs.LG"), 5, List.of("slack", "email"));
    }

    @Test
    void addsReplacesOnlyWhenAskedAndRemoves() {
        assertThat(store.save(named("llm", "language model*"), false)).isEqualTo(WatchlistStore.Saved.ADDED);
        assertThat(store.save(named("llm", "other"), false)).isEqualTo(WatchlistStore.Saved.EXISTS);
        assertThat(store.find("llm")).contains(named("llm", "language model*"));

        assertThat(store.save(named("llm", "other"), true)).isEqualTo(WatchlistStore.Saved.REPLACED);
        assertThat(store.find("llm")).contains(named("llm", "other"));

        assertThat(store.remove("llm")).isTrue();
        assertThat(store.remove("llm")).isFalse();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void keepsAtMostOneHundred() {
        for (int i = 0; i < WatchlistStore.MAX_WATCHLISTS; i++) {
            assertThat(store.save(named("w" + i, "k"), false)).isEqualTo(WatchlistStore.Saved.ADDED);
        }
        assertThat(store.save(named("one-more", "k"), false)).isEqualTo(WatchlistStore.Saved.FULL);
        assertThat(store.save(named("w7", "replaced"), true)).as("replacing adds none")
                .isEqualTo(WatchlistStore.Saved.REPLACED);
        assertThat(store.all()).hasSize(WatchlistStore.MAX_WATCHLISTS);
    }

    @Test
    void everyFieldIsBounded() {
        assertThatThrownBy(() -> new Watchlist("Has Space", List.of("k"), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> new Watchlist("../etc", List.of("k"), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> new Watchlist("daily", List.of("k"), List.of(), List.of(), 0, List.of()))
                .as("the daily digest's label").hasMessageContaining("not 'daily'");
        assertThatThrownBy(() -> new Watchlist("w", Collections.nCopies(101, "k"), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("at most 100 keywords");
        assertThatThrownBy(() -> new Watchlist("w", List.of("x".repeat(201)), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("at most 200 characters");
        assertThatThrownBy(() -> new Watchlist("w", List.of("bell\u0007"), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Watchlist("w", List.of("--"), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("holds no word");
        assertThatThrownBy(() -> new Watchlist("w", List.of(), List.of(), List.of("<b>"), 0, List.of()))
                .hasMessageContaining("not an arXiv category");
        assertThatThrownBy(() -> new Watchlist("w", List.of("k"), List.of(), List.of(), 0, List.of("pigeon")))
                .hasMessageContaining("unknown channel 'pigeon'");
        assertThatThrownBy(() -> new Watchlist("w", List.of("k"), List.of(), List.of(), -1, List.of()))
                .hasMessageContaining("minimum score");
        assertThatThrownBy(() -> new Watchlist("w", List.of(), List.of(), List.of(), 0, List.of()))
                .hasMessageContaining("at least one keyword, author or category");
    }

    @Test
    void mailRecipientsAreBareBoundedAndKept() {
        List<String> email = List.of("email");
        Watchlist follow = new Watchlist("follow", List.of("k"), List.of(), List.of(), 0, email,
                List.of("ada@lab.example", "alan@lab.example"));
        assertThat(store.save(follow, false)).isEqualTo(WatchlistStore.Saved.ADDED);
        assertThat(store.find("follow").orElseThrow().mailTo()).containsExactly("ada@lab.example", "alan@lab.example");

        assertThatThrownBy(() -> follow.withMailTo(List.of("a@x.org\r\nBcc: evil@x.org")))
                .hasMessageContaining("is not a bare e-mail address");
        assertThatThrownBy(() -> follow.withMailTo(List.of("Evil <evil@x.org>")))
                .hasMessageContaining("is not a bare e-mail address");
        assertThatThrownBy(() -> follow.withMailTo(Collections.nCopies(51, "a@x.org")))
                .hasMessageContaining("at most 50 e-mail recipients");
        assertThatThrownBy(() -> follow.withMailTo(List.of("a@x.org", "A@X.org")))
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> new Watchlist("w", List.of("k"), List.of(), List.of(), 0, List.of("slack"),
                List.of("a@x.org"))).hasMessageContaining("need the channel email");
        // the table repeats the bounds: a row written by hand cannot carry a header line
        assertThatThrownBy(() -> postgres.jdbi().useHandle(handle -> handle.execute(
                "UPDATE watchlists SET mail_to = ARRAY[E'a@x.org\\r\\nBcc: evil@x.org'] WHERE name = 'follow'")))
                .hasMessageContaining("watchlists_mail_to_check");
        assertThatThrownBy(() -> postgres.jdbi().useHandle(handle -> handle.execute(
                "UPDATE watchlists SET channels = '{slack}' WHERE name = 'follow'")))
                .hasMessageContaining("watchlists_mail_to_needs_email");
    }
}
