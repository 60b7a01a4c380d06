package io.hotpapers.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.paper.Paper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reader following keywords, people and categories expects to be matched, and not. */
class WatchlistMatcherTest {

    private static Paper paper(String title, String abstractText, String... authors) {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        return new Paper("2611.00001", 1, title, abstractText, List.of(authors), "cs.LG", List.of("cs.LG", "stat.ML"),
                at, at, null, null, null);
    }

    private static boolean keywords(Paper paper, String... keywords) {
        return new WatchlistMatcher(new Watchlist("w", List.of(keywords), List.of(), List.of(), 0, List.of()))
                .matches(paper);
    }

    private static boolean authors(Paper paper, String... authors) {
        return new WatchlistMatcher(new Watchlist("w", List.of(), List.of(authors), List.of(), 0, List.of()))
                .matches(paper);
    }

    @Test
    void keywordsAreWholeWordsInAnyCase() {
        Paper paper = paper("Graph Neural Networks for Molecules", "We study message passing.");

        assertThat(keywords(paper, "graph")).isTrue();
        assertThat(keywords(paper, "GRAPH NEURAL")).isTrue();
        assertThat(keywords(paper, "MESSAGE passing")).as("the abstract counts too").isTrue();
        assertThat(keywords(paper, "graphs")).isFalse();
        assertThat(keywords(paper("A paragraph on style", "Nothing."), "graph")).as("no match inside a word").isFalse();
        assertThat(keywords(paper, "network")).as("whole words: the plural is another word").isFalse();
        assertThat(keywords(paper, "network*")).as("unless asked for").isTrue();
    }

    @Test
    void phrasesMatchWordsInOrderWhateverSeparatesThem() {
        Paper paper = paper("Self-Supervised Learning at Scale", "Large  language\nmodels, again.");

        assertThat(keywords(paper, "self supervised")).isTrue();
        assertThat(keywords(paper, "self-supervised learning")).isTrue();
        assertThat(keywords(paper, "large language model*")).isTrue();
        assertThat(keywords(paper, "language large")).as("order matters").isFalse();
        assertThat(keywords(paper, "supervised self")).isFalse();
    }

    @Test
    void authorsMatchWithInitialsAccentsAndNonLatinScripts() {
        Paper paper = paper("T", "A", "Bernhard Schölkopf", "Yann LeCun", "Laurens van der Maaten", "李 飞飞");

        assertThat(authors(paper, "Y. LeCun")).isTrue();
        assertThat(authors(paper, "yann lecun")).isTrue();
        assertThat(authors(paper, "LeCun")).isTrue();
        assertThat(authors(paper, "B. Scholkopf")).as("accents ignored").isTrue();
        assertThat(authors(paper, "Bernhard Schölkopf")).isTrue();
        assertThat(authors(paper, "L. van der Maaten")).isTrue();
        assertThat(authors(paper, "李 飞飞")).isTrue();
        assertThat(authors(paper, "J. LeCun")).as("a different initial").isFalse();
        assertThat(authors(paper, "Yann Cun")).as("family names are whole").isFalse();
        assertThat(authors(paper("T", "A", "Y. LeCun"), "Yann LeCun")).as("initials in the paper too").isTrue();
    }

    @Test
    void categoriesMatchPrimaryAndCrossLists() {
        Paper paper = paper("T", "A", "Someone");

        assertThat(new WatchlistMatcher(new Watchlist("w", List.of(), List.of(), List.of("stat.ML"), 0, List.of()))
                .matches(paper)).isTrue();
        assertThat(new WatchlistMatcher(new Watchlist("w", List.of(), List.of(), List.of("cs.CV"), 0, List.of()))
                .matches(paper)).isFalse();
    }

    @Test
    void aWatchlistWithoutInterestsOrWithABadNameIsRefused() {
        assertThatThrownBy(() -> new Watchlist("w", List.of(), List.of(), List.of(), 0, List.of()))
                .hasMessage("a watchlist needs at least one keyword, author or category");
        assertThatThrownBy(() -> new Watchlist("../etc", List.of("x"), List.of(), List.of(), 0, List.of()))
                .hasMessageStartingWith("a watchlist name is");
    }
}
