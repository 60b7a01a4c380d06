package io.hotpapers.core.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Paper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Renders a digest as JSON: schema {@value #SCHEMA} when X is the only source, {@value #SCHEMA_2} when others
 * are enabled (v1's fields kept, plus per-source counts and each post's source), documented in the README and
 * shipped as {@code digest-v1.schema.json} and {@code digest-v2.schema.json}. Pure: digest in, text out; field
 * order is fixed, so equal digests give byte-identical files.
 */
public final class JsonRenderer implements DigestRenderer.PerDate {
    public static final String SCHEMA = "hotpapers-digest/1";
    public static final String SCHEMA_2 = "hotpapers-digest/2";

    private final ObjectMapper json;
    private final DigestStyle style;
    private final SourceRenderers renderers;

    /** A renderer for X alone: version 1. */
    public JsonRenderer(ObjectMapper json, DigestStyle style) {
        this(json, style, SourceRenderers.X_ONLY);
    }

    public JsonRenderer(ObjectMapper json, DigestStyle style, SourceRenderers renderers) {
        this.json = json;
        this.style = style;
        this.renderers = renderers;
    }

    @Override
    public DigestFormat format() {
        return DigestFormat.JSON;
    }

    @Override
    public String fileName(LocalDate mailingDate) {
        return style.slug(mailingDate) + ".json";
    }

    @Override
    public String render(Digest digest) {
        ObjectNode root = json.createObjectNode();
        root.put("schema", renderers.beyondX() ? SCHEMA_2 : SCHEMA);
        root.put("title", style.title(digest.mailingDate()));
        root.put("mailingDate", digest.mailingDate().toString());
        root.put("generatedAt", time(digest.generatedAt()));
        root.put("cutoff", time(digest.cutoff()));
        root.set("parameters", parameters(digest.parameters()));
        root.put("listedPapers", digest.listed());
        ArrayNode missing = root.putArray("missingMetadata");
        digest.missingMetadata().forEach(missing::add);
        // version 1 has it only when a budget left counts behind: an exact X-only digest is byte-identical to before
        if (renderers.beyondX() || digest.staleCounts() > 0) {
            root.put("staleCounts", digest.staleCounts());
        }
        root.set("entries", entries(digest));
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return json.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parameters as stored with the digest and printed in the JSON. */
    public ObjectNode parameters(DigestParameters parameters) {
        ObjectNode node = json.createObjectNode();
        ArrayNode categories = node.putArray("categories");
        parameters.categories().forEach(categories::add);
        ArrayNode types = node.putArray("announceTypes");
        parameters.announceTypes().stream().map(AnnounceType::wireName).sorted().forEach(types::add);
        node.put("minScore", parameters.minScore());
        node.put("limit", parameters.limit());
        node.put("tweetMinScore", parameters.tweetMinScore());
        node.put("maxTweets", parameters.maxTweets());
        return node;
    }

    /** The ranked entries, as rendered into the JSON file and stored in {@code digests.entries}. */
    public ArrayNode entries(Digest digest) {
        ArrayNode entries = json.createArrayNode();
        for (DigestEntry entry : digest.entries()) {
            Paper paper = entry.paper();
            ObjectNode node = entries.addObject();
            node.put("rank", entry.rank());
            node.put("arxivId", paper.arxivId());
            node.put("version", paper.latestVersion());
            node.put("title", paper.title());
            ArrayNode authors = node.putArray("authors");
            paper.authors().forEach(authors::add);
            node.put("primaryCategory", paper.primaryCategory());
            ArrayNode categories = node.putArray("categories");
            paper.categories().forEach(categories::add);
            node.put("abstract", paper.abstractText());
            node.put("absUrl", "https://arxiv.org/abs/" + paper.arxivId());
            node.put("pdfUrl", "https://arxiv.org/pdf/" + paper.arxivId());
            node.put("score", entry.score());
            node.put("retweets", entry.reposts());
            node.put("likes", entry.likes());
            node.put("replies", entry.replies());
            node.put("quotes", entry.quotes());
            node.put("tweetCount", entry.postCount());
            node.put("snapshotAt", time(entry.snapshotAt()));
            if (renderers.beyondX()) {
                ObjectNode sources = node.putObject("sources");
                entry.sources().forEach((source, totals) -> {
                    ObjectNode counts = sources.putObject(source);
                    renderers.forSource(source).counts(totals).forEach(counts::put);
                });
            }
            ArrayNode tweets = node.putArray("tweets");
            for (EmbeddedPost tweet : entry.posts()) {
                ObjectNode tweetNode = tweets.addObject();
                SourceRenderer renderer = renderers.forSource(tweet.source());
                if (renderers.beyondX()) {
                    tweetNode.put("source", tweet.source());
                }
                tweetNode.put("id", tweet.postId());
                tweetNode.put("url", renderer.url(tweet));
                tweetNode.put("username", tweet.username());
                tweetNode.put("name", tweet.displayName());
                tweetNode.put("text", tweet.text());
                tweetNode.put("lang", tweet.lang());
                tweetNode.put("createdAt", time(tweet.createdAt()));
                tweetNode.put("score", tweet.score());
                tweetNode.put("retweets", tweet.reposts());
                tweetNode.put("likes", tweet.likes());
                tweetNode.put("replies", tweet.replies());
                tweetNode.put("quotes", tweet.quotes());
                tweetNode.put("snapshotAt", time(tweet.capturedAt()));
                tweetNode.put("embedHtml", renderer.embedHtml(tweet));
            }
        }
        return entries;
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
