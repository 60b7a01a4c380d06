package io.hotpapers.social.x;

import io.hotpapers.social.PaperTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs as many papers into one X search query as the account's query-length limit allows.
 *
 * <p>Per paper the query names the id, and the id with each version up to the latest: X's {@code url:} operator
 * matches URL tokens, so {@code url:"2105.04026"} finds the abs, pdf ({@code .pdf} too) and html pages on any
 * arXiv host, alphaxiv and Hugging Face, while a versioned link ({@code 2105.04026v2}) is a different token.
 * Which posts really link the paper is decided afterwards by {@code ArxivLinkExtractor}, on the expanded URLs.
 */
public final class QueryPacker {
    static final String ORIGINALS_ONLY = " -is:retweet";
    /** Older versions rarely circulate; beyond this many the query spends its length better on other papers. */
    private static final int MAX_VERSION_TERMS = 3;

    private final int maxLength;

    public QueryPacker(int maxLength) {
        this.maxLength = maxLength;
    }

    /** A query and the papers it covers. */
    public record PackedQuery(String query, List<PaperTarget> papers) {
        public PackedQuery {
            papers = List.copyOf(papers);
        }
    }

    /** Packs the papers, in order, into as few queries as the limit allows. */
    public List<PackedQuery> pack(List<PaperTarget> papers) {
        List<PackedQuery> queries = new ArrayList<>();
        List<PaperTarget> current = new ArrayList<>();
        StringBuilder terms = new StringBuilder();
        for (PaperTarget paper : papers) {
            String paperTerms = terms(paper);
            if (!current.isEmpty() && length(terms.length() + 4 + paperTerms.length()) > maxLength) {
                queries.add(new PackedQuery(query(terms), current));
                current = new ArrayList<>();
                terms.setLength(0);
            }
            if (length(paperTerms.length()) > maxLength) {
                throw new IllegalArgumentException("X_QUERY_MAX_LENGTH " + maxLength + " is too short for one paper: "
                        + paperTerms);
            }
            terms.append(terms.length() == 0 ? "" : " OR ").append(paperTerms);
            current.add(paper);
        }
        if (!current.isEmpty()) {
            queries.add(new PackedQuery(query(terms), current));
        }
        return queries;
    }

    static String terms(PaperTarget paper) {
        StringBuilder terms = new StringBuilder("url:\"").append(paper.arxivId()).append('"');
        int first = Math.max(1, paper.latestVersion() - MAX_VERSION_TERMS + 1);
        for (int version = first; version <= paper.latestVersion(); version++) {
            terms.append(" OR url:\"").append(paper.arxivId()).append('v').append(version).append('"');
        }
        return terms.toString();
    }

    private static String query(CharSequence terms) {
        return "(" + terms + ")" + ORIGINALS_ONLY;
    }

    /** The length of a query around terms of the given length: parentheses and the retweet filter. */
    private static int length(int termsLength) {
        return termsLength + 2 + ORIGINALS_ONLY.length();
    }
}
