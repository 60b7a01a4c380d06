package io.hotpapers.core.watch;

import io.hotpapers.core.paper.Paper;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides whether a paper is on a watchlist; pure, and the same for every output of the watchlist's digest. */
public final class WatchlistMatcher {
    /** A word: letters and digits of any script; hyphens, spaces and punctuation separate words. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+\\*?");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final List<List<String>> keywords = new ArrayList<>();
    private final List<List<String>> authors = new ArrayList<>();
    private final List<String> categories;

    public WatchlistMatcher(Watchlist watchlist) {
        watchlist.keywords().stream().map(WatchlistMatcher::words).filter(words -> !words.isEmpty())
                .forEach(keywords::add);
        watchlist.authors().stream().map(WatchlistMatcher::words).filter(words -> !words.isEmpty())
                .forEach(authors::add);
        this.categories = watchlist.categories();
    }

    /** Whether any keyword, author or category of the watchlist matches the paper. */
    public boolean matches(Paper paper) {
        return matchesCategory(paper) || matchesAuthor(paper) || matchesKeyword(paper);
    }

    private boolean matchesCategory(Paper paper) {
        return categories.contains(paper.primaryCategory())
                || paper.categories().stream().anyMatch(categories::contains);
    }

    private boolean matchesKeyword(Paper paper) {
        List<String> title = words(paper.title());
        List<String> text = words(paper.abstractText());
        return keywords.stream().anyMatch(keyword -> containsPhrase(title, keyword) || containsPhrase(text, keyword));
    }

    private boolean matchesAuthor(Paper paper) {
        for (String author : paper.authors()) {
            List<String> name = words(author);
            if (authors.stream().anyMatch(wanted -> sameAuthor(wanted, name))) {
                return true;
            }
        }
        return false;
    }

    /** Whole words in order; a keyword word ending in {@code *} matches any word it begins. */
    private static boolean containsPhrase(List<String> text, List<String> phrase) {
        for (int start = 0; start + phrase.size() <= text.size(); start++) {
            boolean all = true;
            for (int i = 0; i < phrase.size() && all; i++) {
                all = wordMatches(phrase.get(i), text.get(start + i));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordMatches(String pattern, String word) {
        return pattern.endsWith("*") ? word.startsWith(pattern.substring(0, pattern.length() - 1))
                : word.equals(pattern);
    }

    /**
     * The same family name (last word), and each of the other words of the wanted name found in order among the
     * author's given names, where an initial on either side stands for any name beginning with it.
     */
    private static boolean sameAuthor(List<String> wanted, List<String> author) {
        if (author.isEmpty() || !wanted.get(wanted.size() - 1).equals(author.get(author.size() - 1))) {
            return false;
        }
        int next = 0;
        for (int i = 0; i < wanted.size() - 1; i++) {
            String given = wanted.get(i);
            while (next < author.size() - 1 && !sameGivenName(given, author.get(next))) {
                next++;
            }
            if (next == author.size() - 1) {
                return false;
            }
            next++;
        }
        return true;
    }

    private static boolean sameGivenName(String one, String other) {
        if (one.length() == 1 || other.length() == 1) {
            return one.charAt(0) == other.charAt(0);
        }
        return one.equals(other);
    }

    /** Lower-case words without accents ({@code Schölkopf} is {@code scholkopf}), in order. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(folded);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
