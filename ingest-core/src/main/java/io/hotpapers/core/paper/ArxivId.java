package io.hotpapers.core.paper;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arXiv identifier, new style ({@code 2105.04026}) or old style ({@code hep-th/9901001}), with the version
 * when one was given ({@code 2105.04026v2}).
 *
 * @param id the identifier without version, as stored in {@code papers.arxiv_id}
 * @param version the version number, or 0 when none was given
 */
public record ArxivId(String id, int version) {
    private static final String NEW_STYLE = "\\d{4}\\.\\d{4,5}";
    private static final String OLD_STYLE = "[a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/\\d{7}";
    private static final Pattern BARE = Pattern.compile("(" + NEW_STYLE + "|" + OLD_STYLE + ")(?:v(\\d+))?");
    /** Prefixes arXiv puts before an id: URLs of abs/pdf/html pages, OAI identifiers, the "arXiv:" label. */
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html|format)/|oai:arXiv\\.org:|arXiv:)",
            Pattern.CASE_INSENSITIVE);

    public ArxivId {
        Objects.requireNonNull(id, "id");
        if (!BARE.matcher(id).matches() || id.matches(".*v\\d+$")) {
            throw new IllegalArgumentException("not an arXiv id without version: '" + id + "'");
        }
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
    }

    /**
     * Reads an id in any of the forms arXiv uses: bare ({@code 2105.04026v2}), labelled ({@code arXiv:2105.04026}),
     * as an abs/pdf/html URL (with {@code www.} or {@code export.}, with {@code .pdf}), or as an OAI identifier.
     */
    public static Optional<ArxivId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = PREFIX.matcher(text.strip()).replaceFirst("");
        if (candidate.endsWith(".pdf")) {
            candidate = candidate.substring(0, candidate.length() - 4);
        }
        Matcher matcher = BARE.matcher(candidate);
        if (!matcher.matches() || !plausibleNumber(matcher.group(1))) {
            return Optional.empty();
        }
        int version = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        return Optional.of(new ArxivId(matcher.group(1), version));
    }

    /** New-style ids have four-digit sequence numbers until 1412 and five digits from 1501 on. */
    private static boolean plausibleNumber(String id) {
        int dot = id.indexOf('.');
        if (dot != 4 || id.contains("/")) {
            return true;
        }
        int yearMonth = Integer.parseInt(id.substring(0, 4));
        int digits = id.length() - dot - 1;
        return yearMonth >= 1501 ? digits == 5 : digits == 4;
    }

    /** Like {@link #parse} but for input that must be an id. */
    public static ArxivId of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an arXiv id: '" + text + "'"));
    }

    public boolean hasVersion() {
        return version > 0;
    }

    /** The id as arXiv writes it, with the version when known. */
    @Override
    public String toString() {
        return hasVersion() ? id + "v" + version : id;
    }
}
