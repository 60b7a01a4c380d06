package io.hotpapers.core.watch;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.config.MailAddresses;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reader's interests: papers whose title or abstract holds one of the keywords (words or phrases, case-insensitive,
 * whole words; a trailing {@code *} matches any ending), or written by one of the authors (initials match full given
 * names, accents are ignored), or listed in one of the categories; at least {@code minScore} engagement.
 *
 * <p>Every field is user input and bounded here, wherever it comes from (the CLI or a row of {@code watchlists}):
 * at most {@value #MAX_TERMS} keywords, authors and categories each, each at most {@value #MAX_TERM_LENGTH}
 * characters without control characters, and holding at least one word.
 *
 * @param channels the delivery channels its digest goes to (a subset of the configured ones), empty for none
 * @param mailTo its own e-mail recipients (bare addresses, at most {@value #MAX_RECIPIENTS}; channel {@code email}
 *     named), or empty: its e-mail goes to {@code HOTPAPERS_MAIL_TO}
 */
public record Watchlist(String name, List<String> keywords, List<String> authors, List<String> categories,
                        long minScore, List<String> channels, List<String> mailTo) {
    /** The most keywords (and, apart, authors and categories) one watchlist holds. */
    public static final int MAX_TERMS = 100;
    /** The longest keyword or author name, in characters. */
    public static final int MAX_TERM_LENGTH = 200;
    /** The channels a watchlist can name: the delivery channels hotpapers has. */
    public static final List<String> CHANNELS = List.of("email", "slack", "discord", "webhook");
    /** The most e-mail recipients of one watchlist: a digest, not a mailing list. */
    public static final int MAX_RECIPIENTS = 50;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

    public Watchlist {
        Objects.requireNonNull(name, "name");
        if (!isName(name)) {
            throw new IllegalArgumentException("a watchlist name is 1 to 64 lower-case letters, digits, '-' or '_', "
                    + "starting with a letter or digit, and not 'daily'");
        }
        keywords = terms("keyword", keywords);
        authors = terms("author", authors);
        categories = List.copyOf(categories);
        channels = List.copyOf(channels);
        if (minScore < 0 || minScore > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the minimum score is 0 to " + Integer.MAX_VALUE);
        }
        if (categories.size() > MAX_TERMS) {
            throw new IllegalArgumentException("a watchlist holds at most " + MAX_TERMS + " categories");
        }
        for (String category : categories) {
            if (!CategoryTaxonomy.isWellFormed(category)) {
                throw new IllegalArgumentException("'" + clip(category) + "' is not an arXiv category (cs.LG, hep-th)");
            }
        }
        for (String channel : channels) {
            if (!CHANNELS.contains(channel)) {
                throw new IllegalArgumentException("unknown channel '" + clip(channel) + "' (known: "
                        + String.join(", ", CHANNELS) + ")");
            }
        }
        if (channels.stream().distinct().count() != channels.size()) {
            throw new IllegalArgumentException("a channel is named twice");
        }
        mailTo = recipients(mailTo, channels);
        if (keywords.isEmpty() && authors.isEmpty() && categories.isEmpty()) {
            throw new IllegalArgumentException("a watchlist needs at least one keyword, author or category");
        }
    }

    /** A watchlist whose e-mail, if it names the channel, goes to {@code HOTPAPERS_MAIL_TO}. */
    public Watchlist(String name, List<String> keywords, List<String> authors, List<String> categories,
                     long minScore, List<String> channels) {
        this(name, keywords, authors, categories, minScore, channels, List.of());
    }

    /** The same watchlist with its own e-mail recipients. */
    public Watchlist withMailTo(List<String> recipients) {
        return new Watchlist(name, keywords, authors, categories, minScore, channels, recipients);
    }

    /**
     * Whether a text is a valid watchlist name: a slug safe in file names and URLs; "daily" is the daily digest's
     * label in {@code status} and the webhook's delivery id.
     */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals("daily");
    }

    private static List<String> terms(String what, List<String> terms) {
        List<String> copy = List.copyOf(terms);
        if (copy.size() > MAX_TERMS) {
            throw new IllegalArgumentException("a watchlist holds at most " + MAX_TERMS + " " + what + "s");
        }
        for (String term : copy) {
            if (term.length() > MAX_TERM_LENGTH) {
                throw new IllegalArgumentException("a " + what + " is at most " + MAX_TERM_LENGTH + " characters");
            }
            if (CONTROL.matcher(term).find()) {
                throw new IllegalArgumentException("a " + what + " cannot hold control characters");
            }
            if (WatchlistMatcher.words(term).isEmpty()) {
                throw new IllegalArgumentException("the " + what + " '" + clip(term) + "' holds no word");
            }
        }
        return copy;
    }

    /**
     * Recipients are the one field that reaches a mail header: each a bare address (no display name, no line
     * break, see {@link MailAddresses}), none twice, at most {@value #MAX_RECIPIENTS}.
     */
    private static List<String> recipients(List<String> mailTo, List<String> channels) {
        List<String> copy = List.copyOf(mailTo);
        if (copy.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("a watchlist has at most " + MAX_RECIPIENTS + " e-mail recipients");
        }
        for (String address : copy) {
            if (!MailAddresses.isPlain(address)) {
                throw new IllegalArgumentException("'" + clip(address) + "' is not a bare e-mail address "
                        + "(name@example.org, at most " + MailAddresses.MAX_LENGTH + " characters)");
            }
        }
        if (copy.stream().map(address -> address.toLowerCase(Locale.ROOT)).distinct().count() != copy.size()) {
            throw new IllegalArgumentException("an e-mail recipient is named twice");
        }
        if (!copy.isEmpty() && !channels.contains("email")) {
            throw new IllegalArgumentException("e-mail recipients need the channel email");
        }
        return copy;
    }

    /** A bounded quote of rejected input for an error line. */
    private static String clip(String text) {
        String line = CONTROL.matcher(text).replaceAll("?");
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }
}
