package io.hotpapers.core.digest;

import io.hotpapers.core.testing.XPosts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.paper.AnnounceType;
import io.hotpapers.core.paper.Listing;
import io.hotpapers.core.paper.ListingStore;
import io.hotpapers.core.paper.Paper;
import io.hotpapers.core.paper.PaperStore;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.post.SnapshotStore;
import io.hotpapers.core.post.Post;
import io.hotpapers.core.post.PostSnapshot;
import io.hotpapers.core.post.PostStore;
import io.hotpapers.core.post.PostStore.LinkedPost;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A corpus of hostile payloads in every untrusted field (paper title, abstract, authors, categories; tweet text,
 * display name, username, language and the URLs in the text), stored through the real stores and rendered by
 * {@link DigestService}. The Markdown post is rendered as a site would (commonmark-java with GFM tables, raw HTML
 * allowed) and the HTML parsed (jsoup): it may hold only the elements and attributes a benign post holds.
 */
class HostileContentTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final LocalDate BENIGN_DAY = LocalDate.parse("2021-05-10");
    private static final LocalDate HOSTILE_DAY = LocalDate.parse("2021-05-11");
    private static final Instant CREATED = Instant.parse("2021-05-11T06:10:02Z");
    private static final Instant CAPTURED = Instant.parse("2021-05-12T08:00:00Z");
    private static final DigestStyle STYLE = new DigestStyle("Hot Papers", "arXiv", List.of("arXiv"), "/media/x.jpg");
    private static final DigestParameters PARAMETERS = new DigestParameters(List.of("cs.LG"),
            EnumSet.of(AnnounceType.NEW), 0, 0, 0, 10);
    private static final String WIDGETS = "https://platform.twitter.com/widgets.js";
    private static final String TEN_KB = "A very long title [x](javascript:alert(1)) ".repeat(250);

    /** What strangers may write; U+0000 is added only where no PostgreSQL text column has to hold it. */
    static final List<String> PAYLOADS = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<svg onload=alert(1)><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
            "\"><script>alert(document.cookie)</script>",
            "' onmouseover='alert(1)",
            "[clickme](javascript:alert(1))",
            "[clickme](JaVaScRiPt:alert(1))",
            "[clickme](&#106;avascript&#58;alert(1))",
            "[clickme](java\tscript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox(1))",
            "[x](VBScript:msgbox(1))",
            "![x](https://evil.example/t.png)",
            "![x](data:image/png;base64,iVBORw0KGgo=)",
            "<https://evil.example/autolink> <javascript:alert(1)> <evil@evil.example>",
            "[ref][evil] and [evil]\n\n[evil]: javascript:alert(1)",
            "[evil]: https://evil.example/track.png \"title\"",
            "# Heading",
            "Title\n# Injected heading",
            "Title\n===",
            "Title\n---",
            "- list item",
            "+ list item",
            "1. ordered",
            "42) ordered",
            "> quote",
            "    indented code",
            "```\nfenced code\n```",
            "~~~\nfenced\n~~~",
            "`code` *em* **strong** _em_ ~~strike~~ \\* \\",
            "| a | b |\n|---|---|\n| c | d |",
            "Title #",
            "<!-- comment --> text <!-- unterminated",
            "{{ site.secret }} {% include evil.html %} ${7*7} {{< shortcode >}} #{7*7}",
            "&lt;script&gt; &amp; &#x3C;script&#x3E; &#60;",
            "a\rb\r\r# heading after two carriage returns",
            "a\nb\n\n<img src=x onerror=alert(1)>",
            "a\r\nb\r\n\r\n[x](javascript:alert(1))",
            "a\u0085b\u0085\u0085# heading after NEL",
            "a\u2028b\u2028\u2028# heading after LS",
            "a\u2029b\u2029\u2029# heading after PS",
            "a\u000Bb\u000C# heading after VT and FF",
            "\u202Egnp.exe \u202Aembed\u202C \u2066isolate\u2069 \u2067\u2068x\u2069",
            "bell\u0007 escape\u001B[31mred\u001B[0m csi\u009B31m del\u007F c1\u0080\u009F",
            "https://evil.example/\"onmouseover=\"alert(1)",
            "https://evil.example/<script>alert(1)</script>",
            "https://evil.example/path with space and (parens) [brackets] {{braces}}",
            "HTTPS://EVIL.EXAMPLE/upper http://evil.example/plain",
            "javascript:alert(1) data:text/html,x vbscript:x",
            "https://ok.example/ünïcödé?q=ä&x=1#frag",
            TEN_KB);

    @TempDir
    Path out;

    private final MutableClock clock = new MutableClock(Instant.parse("2021-05-12T08:56:20Z"));
    private final ObjectMapper json = new ObjectMapper();
    private final Parser commonMark = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private final HtmlRenderer html = HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).build();
    private DigestService service;
    private PaperStore papers;
    private PostStore tweets;
    private SnapshotStore snapshots;

    @BeforeEach
    void setUp() {
        postgres.truncateAll();
        papers = new PaperStore(postgres.jdbi(), clock);
        tweets = new PostStore(postgres.jdbi(), clock);
        snapshots = new SnapshotStore(postgres.jdbi());
        service = new DigestService(new DigestQuery(postgres.jdbi(), papers), new DigestStore(postgres.jdbi(), json),
                new TrendsQuery(postgres.jdbi()), json, STYLE, "https://example.org/posts/", clock);
        store(BENIGN_DAY, 10_000, List.of("A Benign Title, Part 2", "Plain Words"), false);
        store(HOSTILE_DAY, 20_000, PAYLOADS, true);
    }

    /** One paper per payload, the payload in every field, and one tweet per paper carrying it too. */
    private void store(LocalDate day, int firstNumber, List<String> texts, boolean hostile) {
        List<Paper> stored = new ArrayList<>();
        List<Listing> listings = new ArrayList<>();
        List<LinkedPost> linked = new ArrayList<>();
        List<PostSnapshot> taken = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String id = String.format(Locale.ROOT, "2105.%05d", firstNumber + i);
            String category = hostile ? text : "stat.ML";
            List<String> categories = i % 2 == 0 ? List.of("cs.LG", category) : List.of(category, "cs.LG");
            stored.add(new Paper(id, 1, text, hostile ? text : "An abstract.\nIts second line.",
                    List.of(text, "Plain Author"), categories.get(0), categories, CREATED, CREATED, null, null, null));
            listings.add(new Listing(day, "cs.LG", id, AnnounceType.NEW));
            long tweetId = 1392023521585475589L + firstNumber + i;
            String tweetText = hostile ? text + " https://t.co/x" + i + " https://evil.example/" + text
                    : "A fine paper\nsecond line https://t.co/abc?x=1&y=2";
            String username = hostile ? text : "alice_1";
            String name = i % 3 == 2 ? null : hostile ? text : "Alice";
            linked.add(new LinkedPost(XPosts.post(tweetId, 1000 + i, i % 5 == 4 ? null : username, name, tweetText,
                    hostile ? text : "en", CREATED), Set.of(id)));
            taken.add(XPosts.snapshot(tweetId, CAPTURED, 30, 30, 1, 1, null, null));
        }
        papers.upsert(stored);
        new ListingStore(postgres.jdbi(), clock).record(listings);
        tweets.upsert(linked);
        snapshots.append(taken);
    }

    @Test
    void theMarkdownPostHoldsOnlyTheMarkupOfOurTemplate() throws IOException {
        Template benign = Template.of(rendered(postOf(write(BENIGN_DAY, DigestFormat.MD))));
        DigestService.Written written = write(HOSTILE_DAY, DigestFormat.MD);
        String post = postOf(written);

        assertThat(written.digest().entries()).hasSize(PAYLOADS.size());
        assertRawPostIsInert(post);
        assertOnlyTemplateMarkup(rendered(post), benign, written.digest());
    }

    @Test
    void theJsonRoundTripsEveryHostileStringExactly() throws IOException {
        DigestService.Written written = write(HOSTILE_DAY, DigestFormat.JSON);

        JsonNode document = json.readTree(Files.readString(written.files().get(0), StandardCharsets.UTF_8));
        Map<String, String> payloadById = new HashMap<>();
        IntStream.range(0, PAYLOADS.size()).forEach(i ->
                payloadById.put(String.format(Locale.ROOT, "2105.%05d", 20_000 + i), PAYLOADS.get(i)));
        assertThat(document.path("entries")).hasSize(PAYLOADS.size());
        for (JsonNode entry : document.path("entries")) {
            String payload = payloadById.get(entry.path("arxivId").asText());
            assertThat(entry.path("title").asText()).isEqualTo(payload);
            assertThat(entry.path("abstract").asText()).isEqualTo(payload);
            assertThat(entry.path("authors").get(0).asText()).isEqualTo(payload);
            List<String> categories = new ArrayList<>();
            entry.path("categories").forEach(category -> categories.add(category.asText()));
            assertThat(categories).contains(payload);
            JsonNode tweet = entry.path("tweets").get(0);
            assertThat(tweet.path("text").asText()).startsWith(payload + " https://t.co/x");
            assertThat(tweet.path("lang").asText()).isEqualTo(payload);
            assertThat(tweet.path("url").asText()).matches("https://twitter\\.com/i/status/\\d+");
            Element embed = Jsoup.parseBodyFragment(tweet.path("embedHtml").asText()).body();
            assertThat(embed.select("*").stream().map(Element::tagName).distinct())
                    .allMatch(Set.of("body", "blockquote", "p", "a", "br")::contains);
            assertThat(embed.select("blockquote")).hasSize(1);
        }
    }

    @Test
    void theAtomFeedIsWellFormedXmlWithTextSummariesOnly() throws Exception {
        write(BENIGN_DAY, DigestFormat.JSON);
        DigestService.Written written = write(HOSTILE_DAY, DigestFormat.ATOM);

        org.w3c.dom.Document feed = parseXml(Files.readString(written.files().get(0), StandardCharsets.UTF_8));
        assertAtomHasNoLiveMarkup(feed, 2);
    }

    @Test
    void theRenderersAloneAlsoNeutraliseNulAndLoneSurrogates() throws Exception {
        // PostgreSQL text holds neither U+0000 nor a lone surrogate, so these reach the renderers as records only
        List<String> payloads = new ArrayList<>(PAYLOADS);
        payloads.add("nul\u0000byte <scr\u0000ipt>alert(1)</script> [x](java\u0000script:alert(1))");
        payloads.add("lone \uD800 surrogate \uDFFF and non-characters \uFFFE\uFFFF\uFDD0");
        Digest digest = recordsDigest(payloads);
        Template benign = Template.of(rendered(postOf(write(BENIGN_DAY, DigestFormat.MD))));

        String post = new MarkdownRenderer(STYLE).render(digest);
        assertRawPostIsInert(post);
        assertOnlyTemplateMarkup(rendered(post), benign, digest);

        JsonRenderer renderer = new JsonRenderer(json, STYLE);
        JsonNode document = json.readTree(renderer.render(digest));
        assertThat(document.path("entries").get(payloads.size() - 2).path("title").asText())
                .isEqualTo(payloads.get(payloads.size() - 2));
        String feed = new AtomFeedRenderer(STYLE, null).render(List.of(new StoredDigest(HOSTILE_DAY, CAPTURED,
                renderer.parameters(PARAMETERS), CAPTURED, renderer.entries(digest))));
        assertAtomHasNoLiveMarkup(parseXml(feed), 1);
    }

    @Test
    void aTenKilobyteTitleIsCutToTheDocumentedBound() throws IOException {
        Document rendered = rendered(postOf(write(HOSTILE_DAY, DigestFormat.MD)));

        Element heading = rendered.select("h1").stream().filter(h -> h.text().contains("A very long title"))
                .findFirst().orElseThrow();
        assertThat(heading.text()).endsWith(UntrustedText.ELLIPSIS)
                .hasSizeLessThanOrEqualTo("99. ".length() + UntrustedText.TITLE);
        assertThat(rendered.select("h1")).allSatisfy(h -> assertThat(h.text().length())
                .isLessThanOrEqualTo("99. ".length() + UntrustedText.TITLE));
    }

    private DigestService.Written write(LocalDate day, DigestFormat format) {
        return service.write(day, PARAMETERS, CAPTURED.plusSeconds(60), EnumSet.of(format), out);
    }

    private static String postOf(DigestService.Written written) throws IOException {
        return Files.readString(written.files().get(0), StandardCharsets.UTF_8);
    }

    /**
     * The post as a site shows it: front matter taken off, the body rendered by CommonMark with GFM tables and raw
     * HTML passed through, parsed by jsoup.
     */
    private Document rendered(String post) {
        assertThat(post).startsWith("---\n");
        String body = post.substring(post.indexOf("\n---\n", 3) + "\n---\n".length());
        return Jsoup.parseBodyFragment(html.render(commonMark.parse(body)));
    }

    /** The same corpus as Paper and EmbeddedPost records, without the database. */
    private static Digest recordsDigest(List<String> payloads) {
        List<DigestEntry> entries = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            String text = payloads.get(i);
            Paper paper = new Paper(String.format(Locale.ROOT, "2105.%05d", 30_000 + i), 1, text, text,
                    List.of(text), text, List.of(text, "cs.LG"), CREATED, CREATED, null, null, null);
            EmbeddedPost tweet = new EmbeddedPost("x", Long.toString(1L + i), text, text,
                    text + " https://evil.example/" + text, text, CREATED, 30, 30, 1, 1, CAPTURED, 60);
            entries.add(new DigestEntry(i + 1, paper, 60, 30, 30, 1, 1, 1, CAPTURED,
                    Map.of("x", new DigestEntry.SourceTotals("x", 1, 30, 30, 1, 1, 60)), List.of(tweet)));
        }
        return new Digest(HOSTILE_DAY, CAPTURED, CAPTURED, PARAMETERS, payloads.size(), entries, Map.of());
    }

    /**
     * What a Jekyll or Hugo site would expand or a reader would see reordered before any Markdown is parsed:
     * template tags, HTML comments, control, bidi and line-separator characters must not be in the file.
     */
    private static void assertRawPostIsInert(String post) {
        assertThat(post).doesNotContain("{{", "{%", "${", "<!--", "\r", "\u0085", "\u2028", "\u2029", "\u0000");
        assertThat(post.codePoints().filter(c -> c != '\n' && UntrustedText.isDropped(c)).boxed().toList())
                .as("control, bidi or non-characters").isEmpty();
    }

    private static void assertOnlyTemplateMarkup(Document rendered, Template benign, Digest digest) {
        long embeds = digest.entries().stream().mapToLong(entry -> entry.posts().size()).sum();
        long withTweets = digest.entries().stream().filter(entry -> !entry.posts().isEmpty()).count();
        for (Element element : rendered.body().select("*")) {
            assertThat(benign.attributes()).as("element that our template never writes").containsKey(element.tagName());
            for (Attribute attribute : element.attributes()) {
                assertThat(benign.attributes().get(element.tagName()))
                        .as("attribute %s of <%s>", attribute.getKey(), element.tagName())
                        .contains(attribute.getKey());
                assertThat(attribute.getKey()).doesNotStartWith("on");
            }
        }
        for (Element link : rendered.select("[href], [src]")) {
            String target = link.hasAttr("href") ? link.attr("href") : link.attr("src");
            // no javascript:, data: or vbscript: scheme, nor one hidden by case, entities or white space
            assertThat(target).as("link target").doesNotContain("\"", "<", ">", " ", "\t", "\n");
            URI uri = URI.create(target);
            assertThat(uri.getScheme()).as("scheme of %s", target).isIn("https", "http");
            assertThat(uri.getRawAuthority()).as("host of %s", target).isNotBlank();
        }
        assertThat(rendered.select("script")).hasSize((int) withTweets)
                .allSatisfy(script -> {
                    assertThat(script.attr("src")).isEqualTo(WIDGETS);
                    assertThat(script.html()).isEmpty();
                });
        assertThat(rendered.select("blockquote")).hasSize((int) embeds)
                .allSatisfy(quote -> assertThat(quote.className()).isEqualTo("twitter-tweet"));
        assertThat(rendered.select("h1")).hasSize(digest.entries().size());
        assertThat(rendered.select("li")).hasSize(3 * digest.entries().size());
        assertThat(rendered.select("a[href^=https://arxiv.org/list/]")).allSatisfy(link ->
                assertThat(link.text()).matches("[a-z-]+(\\.[A-Za-z-]+)?"));
    }

    private static void assertAtomHasNoLiveMarkup(org.w3c.dom.Document feed, int entries) {
        Set<String> atomElements = Set.of("feed", "title", "id", "updated", "entry", "link", "published", "summary");
        NodeList all = feed.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Element element = (org.w3c.dom.Element) all.item(i);
            assertThat(element.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
            assertThat(atomElements).contains(element.getLocalName());
        }
        NodeList summaries = feed.getElementsByTagNameNS("*", "summary");
        assertThat(summaries.getLength()).isEqualTo(entries);
        for (int i = 0; i < summaries.getLength(); i++) {
            assertThat(((org.w3c.dom.Element) summaries.item(i)).getAttribute("type")).isEqualTo("text");
        }
    }

    private static org.w3c.dom.Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    /** The elements, and the attributes of each, that a post of benign content holds. */
    private record Template(Map<String, Set<String>> attributes) {
        static Template of(Document rendered) {
            Map<String, Set<String>> attributes = new HashMap<>();
            for (Element element : rendered.body().select("*")) {
                Set<String> names = attributes.computeIfAbsent(element.tagName(), tag -> new HashSet<>());
                element.attributes().forEach(attribute -> names.add(attribute.getKey()));
            }
            assertThat(attributes).as("the benign post shows every part of the template")
                    .containsKeys("h1", "p", "ul", "li", "a", "blockquote", "br", "script");
            return new Template(attributes);
        }
    }
}
