package io.hotpapers.scheduler.site;

import com.fasterxml.jackson.databind.JsonNode;
import io.hotpapers.core.digest.DigestEntry;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.StoredDigest;
import io.hotpapers.core.paper.ArxivId;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.text.WebUrl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored digests ({@code digests.entries}, the JSON renderer's entries) into the site's model: pure, every
 * text cleaned and bounded, an entry that cannot be shown (no valid arXiv id) left out with a log line.
 *
 * <p>Entries stored while X was the only source carry no {@code sources} object: their totals are X's (that is
 * what the JSON digest version 1 means), counted in X's renderer's vocabulary like any other source's.
 */
public final class StoredDigests {
    /** The source of entries stored in the JSON digest's version 1, which knew no other. */
    static final String VERSION_1_SOURCE = "x";
    private static final Pattern SOURCE_ID = Pattern.compile("[a-z][a-z0-9]{0,31}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z-]{0,15}(\\.[A-Za-z-]{1,16})?");
    private static final Pattern COUNT_NAME = Pattern.compile("[a-zA-Z]{1,32}");
    private static final int MAX_AUTHORS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(StoredDigests.class);

    private final SourceRenderers renderers;

    public StoredDigests(SourceRenderers renderers) {
        this.renderers = renderers;
    }

    /** Whether a category id is one the site can name a page after. */
    static boolean isCategory(String category) {
        return category != null && CATEGORY.matcher(category).matches();
    }

    public SiteDigest read(StoredDigest stored) {
        List<SiteEntry> entries = new ArrayList<>();
        for (JsonNode node : stored.entries()) {
            entry(node).ifPresentOrElse(entries::add, () -> LOG.warn(
                    "Digest of {}: an entry without a valid arXiv id is left out of the site", stored.mailingDate()));
        }
        return new SiteDigest(stored.mailingDate(), stored.generatedAt(), stored.cutoff(), stored.parameters(),
                entries, fingerprint(stored));
    }

    private Optional<SiteEntry> entry(JsonNode node) {
        Optional<ArxivId> id = ArxivId.parse(node.path("arxivId").asText(""));
        if (id.isEmpty() || id.get().hasVersion()) {
            return Optional.empty();
        }
        List<String> authors = new ArrayList<>();
        for (JsonNode author : node.path("authors")) {
            if (authors.size() < MAX_AUTHORS) {
                authors.add(UntrustedText.line(author.asText(""), UntrustedText.NAME));
            }
        }
        List<String> categories = new ArrayList<>();
        for (JsonNode category : node.path("categories")) {
            if (isCategory(category.asText())) {
                categories.add(category.asText());
            }
        }
        String primary = node.path("primaryCategory").asText("");
        List<SitePost> posts = new ArrayList<>();
        for (JsonNode post : node.path("tweets")) {
            posts.add(post(post));
        }
        return Optional.of(new SiteEntry(node.path("rank").asInt(), id.get().id(), Math.max(1, node.path("version").asInt(1)),
                UntrustedText.line(node.path("title").asText(""), UntrustedText.TITLE), authors,
                isCategory(primary) ? primary : "", categories,
                UntrustedText.lines(node.path("abstract").asText(""), UntrustedText.ABSTRACT),
                node.path("score").asLong(), node.path("retweets").asLong(), node.path("likes").asLong(),
                node.path("replies").asLong(), node.path("quotes").asLong(), node.path("tweetCount").asInt(),
                time(node.path("snapshotAt")), sources(node), posts, sha256(node.toString())));
    }

    /** Each source's counts: as stored (version 2), or the version 1 totals in X's renderer's vocabulary. */
    private Map<String, Map<String, Long>> sources(JsonNode entry) {
        Map<String, Map<String, Long>> sources = new TreeMap<>();
        JsonNode stored = entry.get("sources");
        if (stored == null || !stored.isObject()) {
            DigestEntry.SourceTotals totals = new DigestEntry.SourceTotals(VERSION_1_SOURCE,
                    entry.path("tweetCount").asInt(), entry.path("retweets").asLong(), entry.path("likes").asLong(),
                    entry.path("replies").asLong(), entry.path("quotes").asLong(), entry.path("score").asLong());
            if (totals.posts() > 0) {
                sources.put(VERSION_1_SOURCE, renderers.forSource(VERSION_1_SOURCE).counts(totals));
            }
            return sources;
        }
        stored.fields().forEachRemaining(source -> {
            if (SOURCE_ID.matcher(source.getKey()).matches()) {
                Map<String, Long> counts = new java.util.LinkedHashMap<>();
                source.getValue().fields().forEachRemaining(count -> {
                    if (COUNT_NAME.matcher(count.getKey()).matches()) {
                        counts.put(count.getKey(), count.getValue().asLong());
                    }
                });
                sources.put(source.getKey(), counts);
            }
        });
        return sources;
    }

    private SitePost post(JsonNode post) {
        String source = post.path("source").asText(VERSION_1_SOURCE);
        if (!SOURCE_ID.matcher(source).matches()) {
            source = "unknown";
        }
        String url = WebUrl.parse(post.path("url").asText(null)).map(WebUrl::toString).orElse(null);
        return new SitePost(source, UntrustedText.line(post.path("id").asText(""), UntrustedText.NAME), url,
                optional(post.path("username"), UntrustedText.NAME), optional(post.path("name"), UntrustedText.NAME),
                UntrustedText.lines(post.path("text").asText(""), UntrustedText.TWEET),
                optional(post.path("lang"), UntrustedText.CATEGORY), time(post.path("createdAt")),
                post.path("score").asLong(), post.path("retweets").asLong(), post.path("likes").asLong(),
                post.path("replies").asLong(), post.path("quotes").asLong(), time(post.path("snapshotAt")));
    }

    private static String optional(JsonNode node, int maxCodePoints) {
        return node.isTextual() ? UntrustedText.line(node.asText(), maxCodePoints) : null;
    }

    private static Instant time(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String fingerprint(StoredDigest stored) {
        return sha256(stored.mailingDate() + "|" + stored.generatedAt() + "|" + stored.cutoff() + "|"
                + stored.parameters() + "|" + stored.entries());
    }

    static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
