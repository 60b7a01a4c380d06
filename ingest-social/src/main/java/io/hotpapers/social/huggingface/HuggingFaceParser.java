package io.hotpapers.social.huggingface;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.run.Skip;
import io.hotpapers.core.text.UntrustedText;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the answers of {@code /api/daily_papers} (a JSON array of entries, in the 2024 and the current shape) and
 * {@code /api/papers/<id>} (one paper object): bytes in, validated and bounded records out. Only the paper id is
 * required; every other field is optional, as the API's shape drifts. An entry that cannot be used is skipped with
 * its reason, never the whole answer.
 */
public final class HuggingFaceParser {
    /** Far more entries than a day ever has (tens): anything beyond is not read. */
    static final int MAX_ENTRIES = 1_000;
    /** Far more than any paper page's upvotes or comments: a larger count is not believed. */
    static final long MAX_COUNT = 100_000_000L;
    private static final Pattern HUB_ID = Pattern.compile("[0-9a-f]{24}");
    /** Hugging Face user and organisation names: letters, digits, '-', '_' and '.', at most 96 long. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private final ObjectMapper json;

    public HuggingFaceParser(ObjectMapper json) {
        this.json = json;
    }

    /** One page of a Daily Papers list. */
    public HfPage parseDailyPapers(byte[] body) {
        JsonNode root = read(body, "Hugging Face daily papers");
        if (!root.isArray()) {
            throw new MalformedResponseException("Hugging Face daily papers: expected a JSON array, got "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<HfPaper> papers = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : root) {
            if (index == MAX_ENTRIES) {
                skipped.add(new Skip("huggingface daily papers", "more than " + MAX_ENTRIES
                        + " entries in one answer; the rest (" + (root.size() - MAX_ENTRIES) + ") not read"));
                break;
            }
            String item = "huggingface daily entry " + ++index;
            if (!entry.isObject() || !entry.path("paper").isObject()) {
                skipped.add(new Skip(item, "not an entry with a paper object"));
                continue;
            }
            paper(entry.path("paper"), entry).ifPresentOrElse(papers::add,
                    () -> skipped.add(reason(entry.path("paper"), item)));
        }
        return new HfPage(papers, root.size(), skipped);
    }

    /** One paper page. */
    public HfPage parsePaper(byte[] body) {
        JsonNode root = read(body, "Hugging Face paper page");
        if (!root.isObject()) {
            throw new MalformedResponseException("Hugging Face paper page: expected a JSON object");
        }
        Optional<HfPaper> paper = paper(root, root);
        return paper.map(found -> new HfPage(List.of(found), 1, List.of()))
                .orElseGet(() -> new HfPage(List.of(), 1, List.of(reason(root, "huggingface paper"))));
    }

    private JsonNode read(byte[] body, String what) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new MalformedResponseException(what + ": empty body");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(what + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new MalformedResponseException(what + ": unreadable body", e);
        }
    }

    /**
     * The paper of a daily entry (the paper object and its entry) or of a paper page (the same object twice).
     * {@code upvotes} sits on the paper, {@code numComments} on the entry (on the page itself for a paper page).
     */
    private Optional<HfPaper> paper(JsonNode paper, JsonNode entry) {
        String id = arxivId(paper).orElse(null);
        if (id == null) {
            return Optional.empty();
        }
        Long upvotes = count(paper.path("upvotes"));
        if (paper.has("upvotes") && !paper.path("upvotes").isNull() && upvotes == null) {
            return Optional.empty();
        }
        JsonNode commentsNode = entry.has("numComments") ? entry.path("numComments") : paper.path("numComments");
        Long comments = count(commentsNode);
        if (!commentsNode.isMissingNode() && !commentsNode.isNull() && comments == null) {
            return Optional.empty();
        }
        JsonNode submitter = entry.path("submittedBy").isObject() ? entry.path("submittedBy")
                : paper.path("submittedOnDailyBy");
        Instant submittedOnDaily = time(paper.path("submittedOnDailyAt"))
                .orElseGet(() -> time(entry.path("submittedOnDailyAt")).orElse(null));
        return Optional.of(new HfPaper(id, UntrustedText.line(text(paper.path("title"))
                        .orElseGet(() -> text(entry.path("title")).orElse("")), UntrustedText.TITLE),
                upvotes, comments == null ? 0 : comments, submittedOnDaily,
                entry == paper ? null : time(entry.path("publishedAt")).orElse(null),
                time(paper.path("publishedAt")).orElse(null),
                text(submitter.path("_id")).filter(value -> HUB_ID.matcher(value).matches()).orElse(null),
                text(submitter.path("user")).or(() -> text(submitter.path("name")))
                        .filter(value -> HANDLE.matcher(value).matches()).orElse(null),
                text(submitter.path("fullname")).map(value -> UntrustedText.line(value, UntrustedText.NAME))
                        .filter(value -> !value.isEmpty()).orElse(null)));
    }

    /** Why an entry was not usable, for the stored skip. */
    private Skip reason(JsonNode paper, String item) {
        Optional<String> id = arxivId(paper);
        if (id.isEmpty()) {
            String shown = text(paper.path("id")).map(value -> UntrustedText.line(value, 40)).orElse("(none)");
            return new Skip(item, "paper id is not an arXiv id without version: " + shown);
        }
        return new Skip("huggingface paper " + id.get(), "upvotes or numComments is not a count from 0 to "
                + MAX_COUNT);
    }

    /** The page id when it is an arXiv id without version (pages of other papers exist; they link no arXiv paper). */
    private static Optional<String> arxivId(JsonNode paper) {
        return text(paper.path("id")).filter(value -> value.length() <= 40)
                .flatMap(ArxivId::parse)
                .filter(parsed -> !parsed.hasVersion() && parsed.id().equals(paper.path("id").asText()))
                .map(ArxivId::id);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** A count: an integral JSON number from 0 to {@link #MAX_COUNT}; anything else is {@code null}. */
    private static Long count(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return null;
        }
        long value = node.asLong();
        return value < 0 || value > MAX_COUNT ? null : value;
    }

    /** An ISO-8601 instant ({@code 2026-08-20T00:00:00.000Z}); anything unreadable is absent. */
    private static Optional<Instant> time(JsonNode node) {
        if (!node.isTextual() || node.asText().length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
