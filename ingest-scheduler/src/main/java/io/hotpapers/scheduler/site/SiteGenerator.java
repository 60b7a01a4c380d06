package io.hotpapers.scheduler.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.digest.AtomFeedRenderer;
import io.hotpapers.core.digest.DigestStyle;
import io.hotpapers.core.digest.SourceRenderer;
import io.hotpapers.core.digest.SourceRenderers;
import io.hotpapers.core.digest.StoredDigest;
import io.hotpapers.core.files.AtomicFileWriter;
import io.hotpapers.core.run.StopSignal;
import io.hotpapers.core.text.Html;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.core.trends.TrendsQuery;
import io.hotpapers.core.watch.Watchlist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the web site from the database into a directory: an index, a page and a JSON (version 2) file per stored
 * digest, a page per paper that is or was in a digest, a page and an Atom feed per category, an overall feed and a
 * sitemap. Incremental: each page has a key made of its data and of the templates; a page whose key did not change
 * since the last run is not rendered again, and a rendered page is only written when its bytes differ. The same data
 * give byte-identical files (nothing depends on the clock). Files it wrote earlier and no longer makes (a deleted
 * digest) are removed; no other file in the directory is touched.
 */
public final class SiteGenerator {
    /** The list of files the site wrote and their keys; a dot file, which the server never serves. */
    static final String MANIFEST = ".hotpapers-site";
    /** How many of the latest digests the feeds and the categories' hot papers show. */
    static final int RECENT_DIGESTS = 20;
    /** A watchlist's Atom feed, in its directory {@code watch/<name>/}. */
    static final String WATCHLIST_FEED = "feed.atom";
    /** The days of engagement a category page charts, before its latest digest's cutoff. */
    static final int CATEGORY_DAYS = 60;
    private static final int HOT_PAPERS = 50;
    private static final int ARCHIVE_TOP_TITLE = 120;
    private static final Pattern SCRIPT_ORIGIN = Pattern.compile("src=\"(https://[A-Za-z0-9.-]+)/");
    static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("MMMM d, yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final Logger LOG = LoggerFactory.getLogger(SiteGenerator.class);

    private final SiteQuery query;
    private final StoredDigests reader;
    private final SourceRenderers renderers;
    private final DigestStyle style;
    private final Function<String, Optional<String>> categoryNames;
    private final boolean embedScripts;
    private final String baseUrl;
    private final ObjectMapper json;
    private final StopSignal stop;
    private final Templates templates = new Templates();
    private final EntryViews views;
    private final String pagePolicy;

    /**
     * @param baseUrl the absolute URL the site is published under, ending in {@code /} (sitemap, feeds)
     * @param embedScripts whether pages load the sources' embed scripts ({@code SITE_EMBED_SCRIPTS})
     */
    public SiteGenerator(SiteQuery query, SourceRenderers renderers, DigestStyle style,
                         Function<String, Optional<String>> categoryNames, boolean embedScripts, String baseUrl,
                         ObjectMapper json, StopSignal stop) {
        this.query = query;
        this.reader = new StoredDigests(renderers);
        this.renderers = renderers;
        this.views = new EntryViews(renderers);
        this.style = style;
        this.categoryNames = categoryNames;
        this.embedScripts = embedScripts;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.json = json;
        this.stop = stop;
        this.pagePolicy = ContentSecurityPolicy.forPages(List.of());
    }

    /** A stored digest and the site's reading of it. */
    private record Read(StoredDigest stored, SiteDigest site) {
    }

    /** The digests read by earlier runs of this process, by row version: the daemon reads only new ones. */
    private final Map<String, Read> readByVersion = new HashMap<>();

    /** The latest digest of each date, newest first; rows this process read before are not read again. */
    private List<Read> readDigests() {
        List<SiteQuery.DigestVersion> versions = query.digestVersions();
        List<String> missing = versions.stream().map(SiteQuery.DigestVersion::version)
                .filter(version -> !readByVersion.containsKey(version)).toList();
        query.digests(missing).forEach((version, stored) -> readByVersion.put(version,
                new Read(stored, reader.read(stored))));
        List<Read> digests = new ArrayList<>();
        Set<String> current = new HashSet<>();
        for (SiteQuery.DigestVersion version : versions) {
            Read read = readByVersion.get(version.version());
            if (read != null) {
                digests.add(read);
                current.add(version.version());
            }
        }
        readByVersion.keySet().retainAll(current);
        return digests;
    }

    /** What a run did. */
    public record Report(int written, int unchanged, int removed) {
        public int total() {
            return written + unchanged;
        }
    }

    /** A file of the site: its key (its data and the templates; {@code null}: always render) and its bytes. */
    private record Page(String key, Supplier<byte[]> bytes) {
    }

    /** Renders the site into the directory, rewriting only what changed. */
    public synchronized Report generate(Path directory) {
        long started = System.nanoTime();
        Map<LocalDate, StoredDigest> raw = new HashMap<>();
        List<SiteDigest> digests = new ArrayList<>();
        for (Read digest : readDigests()) {
            raw.put(digest.stored().mailingDate(), digest.stored());
            digests.add(digest.site());
        }
        long read = System.nanoTime();
        Map<String, Page> pages = new TreeMap<>();
        for (String asset : Templates.ASSETS) {
            pages.put("assets/" + asset, new Page(templates.version(), () -> templates.asset(asset)));
        }
        List<Watched> watched = readWatchlists();
        pages.put("index.html", new Page(null, () -> index(digests, watched)));
        digestPages(digests, raw, pages);
        watchPages(watched, pages);
        List<SiteDigest> watchDigests = watched.stream().flatMap(watch -> watch.digests().stream()).toList();
        paperPages(digests, watchDigests, pages);
        categoryPages(digests, watchDigests, pages);
        pages.put("feed.atom", new Page(null, () -> feed("feed.atom", style.titlePrefix(), "index.html",
                digests.stream().limit(RECENT_DIGESTS).toList(), null)));
        pages.put("sitemap.xml", new Page(null, () -> sitemap(digests, pages)));
        long planned = System.nanoTime();
        Report report = write(directory, pages);
        long done = System.nanoTime();
        LOG.info("Site in {}: {} file(s) written, {} unchanged, {} removed, in {} ms (read {} ms, keys {} ms, "
                        + "render and write {} ms)", directory, report.written(), report.unchanged(), report.removed(),
                (done - started) / 1_000_000, (read - started) / 1_000_000, (planned - read) / 1_000_000,
                (done - planned) / 1_000_000);
        return report;
    }

    // ---- pages -------------------------------------------------------------------------------------------------

    private void digestPages(List<SiteDigest> digests, Map<LocalDate, StoredDigest> raw, Map<String, Page> pages) {
        for (int index = 0; index < digests.size(); index++) {
            SiteDigest digest = digests.get(index);
            String newer = index > 0 ? digests.get(index - 1).mailingDate().toString() : null;
            String older = index + 1 < digests.size() ? digests.get(index + 1).mailingDate().toString() : null;
            String key = key("digest", digest.fingerprint(), newer, older, Boolean.toString(embedScripts));
            pages.put(SitePaths.digestPage(digest.mailingDate()),
                    new Page(key, () -> digestPage(digest, older, newer, style, "../")));
            pages.put("digest/" + digest.mailingDate() + ".json",
                    new Page(key("json", digest.fingerprint()), () -> digestJson(digest, raw.get(digest.mailingDate()),
                            style)));
        }
    }

    // ---- watchlists --------------------------------------------------------------------------------------------

    /** A watchlist and its digests as the site shows them, newest first, with what was stored of each. */
    private record Watched(Watchlist watchlist, List<SiteDigest> digests, Map<LocalDate, StoredDigest> raw) {
    }

    /** The watchlists' recent digests (bounded by {@link SiteQuery#WATCHLIST_DATES} each), read on every run. */
    private List<Watched> readWatchlists() {
        List<Watched> watched = new ArrayList<>();
        for (SiteQuery.Watched watch : query.watchlists()) {
            Map<LocalDate, StoredDigest> raw = new HashMap<>();
            List<SiteDigest> digests = new ArrayList<>();
            for (StoredDigest stored : watch.digests()) {
                raw.put(stored.mailingDate(), stored);
                digests.add(reader.read(stored));
            }
            watched.add(new Watched(watch.watchlist(), digests, raw));
        }
        return watched;
    }

    /**
     * The watchlists' section: {@code watch/index.html} lists them with their dates, and each digest has a page and
     * a JSON file under {@code watch/<name>/}, made with the daily digest's template.
     */
    private void watchPages(List<Watched> watched, Map<String, Page> pages) {
        if (watched.isEmpty()) {
            return;
        }
        pages.put("watch/index.html", new Page(null, () -> watchIndex(watched)));
        for (Watched watch : watched) {
            String name = watch.watchlist().name();
            DigestStyle watchStyle = style.forWatchlist(name);
            List<SiteDigest> digests = watch.digests();
            for (int index = 0; index < digests.size(); index++) {
                SiteDigest digest = digests.get(index);
                String newer = index > 0 ? digests.get(index - 1).mailingDate().toString() : null;
                String older = index + 1 < digests.size() ? digests.get(index + 1).mailingDate().toString() : null;
                String page = SitePaths.watchlistPage(name, digest.mailingDate());
                pages.put(page, new Page(key("watch-digest", name, digest.fingerprint(), newer, older,
                        Boolean.toString(embedScripts), WATCHLIST_FEED), () -> (digestPage(digest, older,
                        newer, watchStyle, "../../", WATCHLIST_FEED))));
                pages.put("watch/" + name + "/" + digest.mailingDate() + ".json", new Page(key("watch-json", name,
                        digest.fingerprint()),
                        () -> digestJson(digest, watch.raw().get(digest.mailingDate()), watchStyle)));
            }
            pages.put("watch/" + name + "/" + WATCHLIST_FEED, new Page(null, () -> watchFeed(watch, watchStyle)));
        }
    }

    /**
     * A watchlist's Atom feed on the site: the feed of {@code digests/watch/<name>/feed.atom} (same id and entries,
     * {@link AtomFeedRenderer}), its entries linking the watchlist's pages under the site's URL.
     */
    private byte[] watchFeed(Watched watch, DigestStyle watchStyle) {
        String name = watch.watchlist().name();
        List<StoredDigest> latest = watch.digests().stream().limit(AtomFeedRenderer.SIZE)
                .map(digest -> watch.raw().get(digest.mailingDate())).toList();
        return AtomFeedRenderer.forSite(watchStyle, baseUrl + "watch/" + name + "/" + WATCHLIST_FEED,
                        baseUrl + "watch/index.html#w-" + name,
                        date -> baseUrl + SitePaths.watchlistPage(name, date))
                .render(latest).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] watchIndex(List<Watched> watched) {
        Map<String, Object> view = page("../", "Watchlists");
        List<Map<String, Object>> items = new ArrayList<>();
        for (Watched watch : watched) {
            Watchlist watchlist = watch.watchlist();
            Map<String, Object> item = new HashMap<>();
            item.put("name", watchlist.name());
            item.put("keywords", watchlist.keywords().isEmpty() ? null : String.join(", ", watchlist.keywords()));
            item.put("authors", watchlist.authors().isEmpty() ? null : String.join(", ", watchlist.authors()));
            item.put("categories", watchlist.categories().isEmpty() ? null
                    : String.join(", ", watchlist.categories()));
            item.put("minScore", watchlist.minScore());
            item.put("days", archiveDays(watch.digests(), watchlist.name() + "/"));
            items.add(item);
        }
        view.put("watchlists", items);
        return templates.render("watchlists", view);
    }

    /** One line per digest: its page (under {@code prefix}), date, size and top paper. */
    private static List<Map<String, Object>> archiveDays(List<SiteDigest> digests, String prefix) {
        List<Map<String, Object>> days = new ArrayList<>();
        for (SiteDigest digest : digests) {
            Map<String, Object> day = new HashMap<>();
            day.put("href", prefix + digest.mailingDate() + ".html");
            day.put("date", digest.mailingDate().toString());
            day.put("paperCount", digest.entries().size());
            day.put("top", digest.entries().isEmpty() ? null
                    : UntrustedText.line(digest.entries().get(0).title(), ARCHIVE_TOP_TITLE));
            days.add(day);
        }
        return days;
    }

    private byte[] digestPage(SiteDigest digest, String previous, String next, DigestStyle pageStyle, String root) {
        return digestPage(digest, previous, next, pageStyle, root, null);
    }

    /** @param feed the page's own Atom feed, relative to the page, or {@code null} (the site's feed only) */
    private byte[] digestPage(SiteDigest digest, String previous, String next, DigestStyle pageStyle, String root,
                              String feed) {
        Map<String, Object> view = page(root, pageStyle.title(digest.mailingDate()));
        if (feed != null) {
            view.put("feed", feed);
            view.put("feedTitle", pageStyle.feedTitle());
        }
        view.put("sortable", true);
        putDigest(view, digest, root, pageStyle);
        view.put("generatedAt", digest.generatedAt().toString());
        view.put("generatedText", READABLE.format(digest.generatedAt()));
        view.put("previous", previous);
        view.put("next", next);
        List<String> scripts = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (SiteEntry entry : digest.entries()) {
            Map<String, Object> item = entry(entry);
            item.put("postGroups", postGroups(entry, scripts));
            entries.add(item);
        }
        view.put("entries", entries);
        withEmbedScripts(view, scripts);
        return templates.render("digest", view);
    }

    private void putDigest(Map<String, Object> view, SiteDigest digest, String root, DigestStyle pageStyle) {
        view.put("title", pageStyle.title(digest.mailingDate()));
        view.put("date", digest.mailingDate().toString());
        view.put("cutoff", digest.cutoff().toString());
        view.put("cutoffText", READABLE.format(digest.cutoff()));
        view.put("paperCount", digest.entries().size());
        view.put("entries", digest.entries().stream().map(this::entry).toList());
        view.put("root", root);
    }

    private Map<String, Object> entry(SiteEntry entry) {
        return views.entry(entry);
    }

    private String name(String source) {
        return views.sourceName(source);
    }

    /** The posts per source, in source id order, each as a card (or as its source's embed, when asked for). */
    private List<Map<String, Object>> postGroups(SiteEntry entry, List<String> scripts) {
        Map<String, List<Map<String, Object>>> bySource = new TreeMap<>();
        for (SitePost post : entry.posts()) {
            bySource.computeIfAbsent(post.source(), source -> new ArrayList<>()).add(card(post, scripts));
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        bySource.forEach((source, posts) -> groups.add(Map.of("source", name(source), "posts", posts)));
        return groups;
    }

    private Map<String, Object> card(SitePost post, List<String> scripts) {
        Map<String, Object> card = new HashMap<>();
        String name = post.displayName() != null && !post.displayName().isEmpty() ? post.displayName()
                : post.username() != null && !post.username().isEmpty() ? post.username() : "Unknown author";
        card.put("source", name(post.source()));
        card.put("author", name);
        card.put("handle", post.username() == null || post.username().isEmpty() ? null : post.username());
        card.put("createdAt", post.createdAt().toString());
        card.put("createdDay", DAY.format(post.createdAt()));
        card.put("lang", post.lang() != null && post.lang().matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
                ? post.lang() : null);
        card.put("textHtml", Html.multiLineTextWithLinks(post.text(), UntrustedText.TWEET));
        card.put("reposts", post.reposts());
        card.put("likes", post.likes());
        card.put("replies", post.replies());
        card.put("quotes", post.quotes());
        card.put("url", post.url());
        if (embedScripts) {
            SourceRenderer renderer = renderers.forSource(post.source());
            if (!renderer.embedScript().isEmpty()) {
                card.put("embed", renderer.embedHtml(post.embedded()));
                if (!scripts.contains(renderer.embedScript())) {
                    scripts.add(renderer.embedScript());
                }
            }
        }
        return card;
    }

    /** A page with embeds loads their scripts, and its policy allows exactly their origins. */
    private void withEmbedScripts(Map<String, Object> view, List<String> scripts) {
        if (scripts.isEmpty()) {
            return;
        }
        view.put("embedScripts", scripts);
        view.put("csp", ContentSecurityPolicy.forPages(origins(scripts)));
    }

    /** The origins of the sources' embed scripts, which the pages' policy must allow when they are on. */
    public static List<String> origins(List<String> scripts) {
        List<String> origins = new ArrayList<>();
        for (String script : scripts) {
            Matcher origin = SCRIPT_ORIGIN.matcher(script);
            while (origin.find()) {
                if (!origins.contains(origin.group(1))) {
                    origins.add(origin.group(1));
                }
            }
        }
        return origins;
    }

    private byte[] index(List<SiteDigest> digests, List<Watched> watched) {
        Map<String, Object> view = page("", style.titlePrefix());
        view.put("sortable", true);
        if (!digests.isEmpty()) {
            Map<String, Object> latest = new HashMap<>();
            putDigest(latest, digests.get(0), "", style);
            view.put("latest", latest);
        }
        Map<String, List<Map<String, Object>>> months = new LinkedHashMap<>();
        for (SiteDigest digest : digests) {
            Map<String, Object> day = new HashMap<>();
            day.put("date", digest.mailingDate().toString());
            day.put("paperCount", digest.entries().size());
            day.put("top", digest.entries().isEmpty() ? null
                    : UntrustedText.line(digest.entries().get(0).title(), ARCHIVE_TOP_TITLE));
            months.computeIfAbsent(MONTH.format(digest.mailingDate()), month -> new ArrayList<>()).add(day);
        }
        view.put("months", months.entrySet().stream()
                .map(month -> Map.of("month", month.getKey(), "days", month.getValue())).toList());
        List<Map<String, Object>> categories = categoriesOf(digests).stream()
                .map(category -> {
                    Map<String, Object> item = new HashMap<>();
                    item.put("id", category);
                    item.put("name", categoryNames.apply(category).orElse(null));
                    return item;
                }).toList();
        view.put("categories", categories);
        view.put("hasCategories", !categories.isEmpty());
        view.put("watchlists", watched.stream().map(watch -> {
            Map<String, Object> item = new HashMap<>();
            item.put("name", watch.watchlist().name());
            item.put("latestDate", watch.digests().isEmpty() ? null : watch.digests().get(0).mailingDate().toString());
            return item;
        }).toList());
        view.put("hasWatchlists", !watched.isEmpty());
        return templates.render("index", view);
    }

    /** A page per paper of a digest; papers only on a watchlist's digests get one too (their links lead there). */
    private void paperPages(List<SiteDigest> digests, List<SiteDigest> watchDigests, Map<String, Page> pages) {
        // newest digest first: a paper's first entry met is its latest
        Map<String, SiteEntry> latest = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> appearances = new HashMap<>();
        for (SiteDigest digest : digests) {
            for (SiteEntry entry : digest.entries()) {
                latest.putIfAbsent(entry.arxivId(), entry);
                appearances.computeIfAbsent(entry.arxivId(), id -> new ArrayList<>()).add(Map.of(
                        "date", digest.mailingDate().toString(), "rank", entry.rank(), "score", entry.score(),
                        "file", fileName(entry.arxivId())));
            }
        }
        for (SiteDigest digest : watchDigests) {
            for (SiteEntry entry : digest.entries()) {
                latest.putIfAbsent(entry.arxivId(), entry);
                appearances.computeIfAbsent(entry.arxivId(), id -> new ArrayList<>());
            }
        }
        List<String> ids = List.copyOf(latest.keySet());
        Map<String, String> engagement = query.engagementFingerprints(ids);
        Map<String, String> keys = new HashMap<>();
        for (String id : ids) {
            keys.put(id, key("paper", entryKey(latest.get(id)), stable(appearances.get(id), "date", "rank", "score"),
                    engagement.getOrDefault(id, ""), Boolean.toString(embedScripts)));
        }
        // the curves are read once, for the pages that are to be rendered (set by write() through the loader)
        CurveLoader curves = new CurveLoader(query);
        for (String id : ids) {
            String path = SitePaths.paperPage(id);
            curves.candidate(path, id, keys.get(id));
            pages.put(path, new Page(keys.get(id), () -> paperPage(latest.get(id), appearances.get(id),
                    curves.of(id))));
        }
        this.pendingCurves = curves;
    }

    /** The curve loader of the current run: {@link #write} tells it which paper pages are stale before rendering. */
    private CurveLoader pendingCurves;

    /** Reads the curves of the paper pages to render, in batches, once they are known. */
    private static final class CurveLoader {
        private final SiteQuery query;
        private final Map<String, String> idByPath = new HashMap<>();
        private final Map<String, String> keyByPath = new HashMap<>();
        private Map<String, Map<String, List<SiteQuery.CurvePoint>>> loaded;

        CurveLoader(SiteQuery query) {
            this.query = query;
        }

        void candidate(String path, String id, String key) {
            idByPath.put(path, id);
            keyByPath.put(path, key);
        }

        void load(Map<String, String> previousKeys, Function<String, Boolean> exists) {
            List<String> stale = idByPath.entrySet().stream()
                    .filter(page -> !keyByPath.get(page.getKey()).equals(previousKeys.get(page.getKey()))
                            || !exists.apply(page.getKey()))
                    .map(Map.Entry::getValue).toList();
            loaded = query.curves(stale);
        }

        Map<String, List<SiteQuery.CurvePoint>> of(String id) {
            if (loaded == null) {
                loaded = query.curves(List.copyOf(idByPath.values()));
            }
            return loaded.getOrDefault(id, Map.of());
        }
    }

    private byte[] paperPage(SiteEntry entry, List<Map<String, Object>> appearances,
                             Map<String, List<SiteQuery.CurvePoint>> curves) {
        Map<String, Object> view = page("../", entry.title());
        view.putAll(entry(entry));
        view.put("root", "../");
        view.put("appearances", appearances);
        List<String> scripts = new ArrayList<>();
        view.put("postGroups", postGroups(entry, scripts));
        withEmbedScripts(view, scripts);
        if (!curves.isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            curves.forEach((source, points) -> {
                series.add(new SvgChart.Series(name(source), points.stream()
                        .map(point -> new SvgChart.Point(point.hour(), point.engagement())).toList()));
                SiteQuery.CurvePoint last = points.get(points.size() - 1);
                rows.add(Map.of("source", name(source), "first", READABLE.format(points.get(0).hour()),
                        "last", READABLE.format(last.hour()), "engagement", last.engagement(), "posts", last.posts()));
            });
            String description = "Line chart of reposts plus likes over time, per source: " + rows.stream()
                    .map(row -> row.get("source") + " reaches " + row.get("engagement") + " from " + row.get("posts")
                            + " posts by " + row.get("last"))
                    .collect(Collectors.joining("; ")) + ".";
            view.put("chart", SvgChart.render("curve", "Engagement of arXiv:" + entry.arxivId() + " per source",
                    description, "Reposts + likes", series));
            view.put("curveRows", rows);
        }
        return templates.render("paper", view);
    }

    /** A page per category of a digest's papers, a watchlist's digests included (their tags link there). */
    private void categoryPages(List<SiteDigest> digests, List<SiteDigest> watchDigests, Map<String, Page> pages) {
        if (digests.isEmpty() && watchDigests.isEmpty()) {
            return;
        }
        List<SiteDigest> recent = digests.stream().limit(RECENT_DIGESTS).toList();
        Map<String, List<TrendsQuery.CategoryDay>> days = new HashMap<>();
        Instant latestCutoff = (digests.isEmpty() ? watchDigests : digests).get(0).cutoff();
        for (TrendsQuery.CategoryDay day : query.categoryDays(CATEGORY_DAYS, latestCutoff)) {
            days.computeIfAbsent(day.category(), category -> new ArrayList<>()).add(day);
        }
        TreeSet<String> categories = new TreeSet<>(categoriesOf(digests));
        categories.addAll(categoriesOf(watchDigests));
        for (String category : categories) {
            List<Map<String, Object>> hot = hotPapers(recent, category);
            List<TrendsQuery.CategoryDay> categoryDays = days.getOrDefault(category, List.of());
            String key = key("category", category, stable(hot, "file", "title", "date", "rank", "score"),
                    categoryDays.toString(),
                    categoryNames.apply(category).orElse(""));
            pages.put(SitePaths.categoryPage(category),
                    new Page(key, () -> categoryPage(category, hot, categoryDays)));
            List<SiteDigest> inCategory = recent.stream()
                    .map(digest -> new SiteDigest(digest.mailingDate(), digest.generatedAt(), digest.cutoff(),
                            digest.parameters(), digest.entries().stream()
                            .filter(entry -> entry.categories().contains(category)).toList(), digest.fingerprint()))
                    .filter(digest -> !digest.entries().isEmpty())
                    .toList();
            pages.put("category/" + category + ".atom", new Page(null, () -> feed("category/" + category + ".atom",
                    style.titlePrefix() + ": " + category, "category/" + category + ".html", inCategory, category)));
        }
    }

    private static List<Map<String, Object>> hotPapers(List<SiteDigest> recent, String category) {
        Map<String, Map<String, Object>> best = new LinkedHashMap<>();
        Map<String, Long> bestScore = new HashMap<>();
        for (SiteDigest digest : recent) {
            for (SiteEntry entry : digest.entries()) {
                if (entry.categories().contains(category)
                        && entry.score() > bestScore.getOrDefault(entry.arxivId(), -1L)) {
                    bestScore.put(entry.arxivId(), entry.score());
                    best.put(entry.arxivId(), Map.of("file", fileName(entry.arxivId()), "title", entry.title(),
                            "date", digest.mailingDate().toString(), "rank", entry.rank(), "score", entry.score()));
                }
            }
        }
        return best.values().stream()
                .sorted(Comparator.comparing((Map<String, Object> paper) -> (Long) paper.get("score")).reversed()
                        .thenComparing(paper -> (String) paper.get("file")))
                .limit(HOT_PAPERS).toList();
    }

    private byte[] categoryPage(String category, List<Map<String, Object>> hot, List<TrendsQuery.CategoryDay> days) {
        Map<String, Object> view = page("../", category);
        view.put("category", category);
        view.put("name", categoryNames.apply(category).orElse(null));
        view.put("feed", category + ".atom");
        view.put("feedTitle", style.titlePrefix() + ": " + category);
        view.put("sortable", true);
        view.put("hot", hot);
        view.put("hasHot", !hot.isEmpty());
        view.put("recentDigests", RECENT_DIGESTS);
        view.put("days", CATEGORY_DAYS);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, List<SvgChart.Point>> bySource = new TreeMap<>();
        List<SvgChart.Point> total = new ArrayList<>();
        for (TrendsQuery.CategoryDay day : days) {
            Instant at = day.mailingDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            total.add(new SvgChart.Point(at, day.engagement()));
            day.bySource().forEach((source, share) -> bySource.computeIfAbsent(source, s -> new ArrayList<>())
                    .add(new SvgChart.Point(at, share.score())));
            rows.add(Map.of("date", day.mailingDate().toString(), "papers", day.papers(),
                    "posted", day.tweetedPapers(), "engagement", day.engagement()));
        }
        view.put("dayRows", rows);
        view.put("hasDays", !rows.isEmpty());
        if (!days.isEmpty()) {
            List<SvgChart.Series> series = new ArrayList<>();
            series.add(new SvgChart.Series("all sources", total));
            bySource.forEach((source, points) -> series.add(new SvgChart.Series(name(source), points)));
            long best = days.stream().mapToLong(TrendsQuery.CategoryDay::engagement).max().orElse(0);
            view.put("chart", SvgChart.render("days", "Engagement of " + category + " per mailing date",
                    "Line chart of the reposts plus likes of the papers listed in " + category + " on each of "
                            + days.size() + " mailing dates from " + days.get(0).mailingDate() + " to "
                            + days.get(days.size() - 1).mailingDate() + ", all sources and per source; the highest "
                            + "day has " + best + ".", "Reposts + likes", series));
        }
        return templates.render("category", view);
    }

    private byte[] feed(String path, String title, String pagePath, List<SiteDigest> digests, String category) {
        Map<String, Object> view = new HashMap<>();
        view.put("feedTitle", title);
        view.put("selfUrl", baseUrl + path);
        view.put("pageUrl", baseUrl + pagePath);
        view.put("updated", digests.stream().map(SiteDigest::generatedAt).max(Instant::compareTo)
                .orElse(Instant.EPOCH).truncatedTo(ChronoUnit.SECONDS).toString());
        List<Map<String, Object>> items = new ArrayList<>();
        for (SiteDigest digest : digests) {
            String url = baseUrl + "digest/" + digest.mailingDate() + ".html";
            StringBuilder content = new StringBuilder("<ol>");
            for (SiteEntry entry : digest.entries()) {
                content.append("<li><a href=\"").append(baseUrl).append("paper/").append(fileName(entry.arxivId()))
                        .append(".html\">").append(Html.text(entry.title(), UntrustedText.TITLE))
                        .append("</a> (score ").append(entry.score()).append(")</li>");
            }
            Map<String, Object> item = new HashMap<>();
            item.put("title", style.title(digest.mailingDate()) + (category == null ? "" : ": " + category));
            item.put("url", category == null ? url : url + "#" + category);
            item.put("updated", digest.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
            item.put("summary", digest.entries().size() + " papers" + (digest.entries().isEmpty() ? ""
                    : "; top: " + digest.entries().get(0).title()));
            item.put("contentHtml", content.append("</ol>").toString());
            items.add(item);
        }
        view.put("items", items);
        return templates.render("feed", view);
    }

    private byte[] sitemap(List<SiteDigest> digests, Map<String, Page> pages) {
        Map<String, String> lastModified = new HashMap<>();
        for (SiteDigest digest : digests) {
            lastModified.put("digest/" + digest.mailingDate() + ".html",
                    digest.generatedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        List<Map<String, Object>> urls = new ArrayList<>();
        for (String path : pages.keySet()) {
            if (path.endsWith(".html")) {
                Map<String, Object> url = new HashMap<>();
                url.put("loc", baseUrl + (path.equals("index.html") ? "" : path));
                url.put("lastmod", lastModified.get(path));
                urls.add(url);
            }
        }
        return templates.render("sitemap", Map.of("urls", urls));
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    /** The digest as the JSON digest version 2: the stored entries, with each source's counts and each post's source. */
    private byte[] digestJson(SiteDigest digest, StoredDigest stored, DigestStyle pageStyle) {
        ObjectNode root = json.createObjectNode();
        root.put("schema", "hotpapers-digest/2");
        root.put("title", pageStyle.title(digest.mailingDate()));
        root.put("mailingDate", digest.mailingDate().toString());
        root.put("generatedAt", digest.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("cutoff", digest.cutoff().truncatedTo(ChronoUnit.SECONDS).toString());
        root.set("parameters", stored.parameters().deepCopy());
        Optional<SiteQuery.Listed> listed = query.listed(digest);
        root.put("listedPapers", listed.map(SiteQuery.Listed::count).orElse(digest.entries().size()));
        ArrayNode missing = root.putArray("missingMetadata");
        listed.ifPresent(known -> known.missingMetadata().forEach(missing::add));
        ArrayNode entries = root.putArray("entries");
        Map<String, SiteEntry> byId = digest.entries().stream()
                .collect(Collectors.toMap(SiteEntry::arxivId, entry -> entry, (a, b) -> a));
        for (JsonNode node : stored.entries()) {
            SiteEntry entry = byId.get(node.path("arxivId").asText());
            if (entry == null || !node.isObject()) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            if (!copy.has("sources")) {
                ObjectNode sources = json.createObjectNode();
                entry.sources().forEach((source, counts) -> {
                    ObjectNode object = sources.putObject(source);
                    counts.forEach(object::put);
                });
                // the same place as the JSON renderer puts it: before the posts
                JsonNode tweets = copy.remove("tweets");
                copy.set("sources", sources);
                copy.set("tweets", tweets == null ? json.createArrayNode() : tweets);
            }
            for (JsonNode post : copy.path("tweets")) {
                if (post.isObject() && !post.has("source")) {
                    ObjectNode withSource = json.createObjectNode();
                    withSource.put("source", StoredDigests.VERSION_1_SOURCE);
                    withSource.setAll((ObjectNode) post);
                    ((ObjectNode) post).removeAll();
                    ((ObjectNode) post).setAll(withSource);
                }
            }
            entries.add(copy);
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (json.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    private Report write(Path directory, Map<String, Page> pages) {
        try {
            Files.createDirectories(directory);
            Map<String, String> previous = readManifest(directory);
            if (pendingCurves != null) {
                pendingCurves.load(previous, path -> Files.isRegularFile(directory.resolve(path),
                        LinkOption.NOFOLLOW_LINKS));
                pendingCurves = null;
            }
            Map<String, String> manifest = new TreeMap<>();
            List<Map.Entry<String, Page>> stale = new ArrayList<>();
            int unchangedKeys = 0;
            for (Map.Entry<String, Page> page : pages.entrySet()) {
                String key = page.getValue().key();
                manifest.put(page.getKey(), key == null ? "-" : key);
                if (key != null && key.equals(previous.get(page.getKey()))
                        && Files.isRegularFile(directory.resolve(page.getKey()), LinkOption.NOFOLLOW_LINKS)) {
                    unchangedKeys++;
                } else {
                    stale.add(page);
                }
            }
            // pages render independently: on every core (the common pool and this thread)
            AtomicInteger written = new AtomicInteger();
            stale.parallelStream().forEach(page -> {
                stop.throwIfRequested("writing the site");
                try {
                    if (writeIfChanged(directory.resolve(page.getKey()), page.getValue().bytes().get())) {
                        written.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int unchanged = unchangedKeys + stale.size() - written.get();
            int removed = 0;
            for (String old : new TreeSet<>(previous.keySet())) {
                if (!pages.containsKey(old) && Files.deleteIfExists(directory.resolve(old))) {
                    removed++;
                }
            }
            String text = manifest.entrySet().stream().map(entry -> entry.getKey() + "\t" + entry.getValue() + "\n")
                    .collect(Collectors.joining());
            Path manifestFile = directory.resolve(MANIFEST);
            if (!Files.exists(manifestFile) || !Files.readString(manifestFile).equals(text)) {
                AtomicFileWriter.write(manifestFile, text);
            }
            return new Report(written.get(), unchanged, removed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the site into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes the bytes unless the file holds them already; whether it wrote. */
    private static boolean writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                && Arrays.equals(bytes, Files.readAllBytes(file))) {
            return false;
        }
        Files.createDirectories(file.getParent());
        AtomicFileWriter.write(file, out -> out.write(bytes));
        return true;
    }

    /** The files of the last run and their keys; only paths the site itself makes are read back. */
    private static Map<String, String> readManifest(Path directory) throws IOException {
        Path file = directory.resolve(MANIFEST);
        Map<String, String> keys = new HashMap<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return keys;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && SitePaths.isSitePath(parts[0])) {
                keys.put(parts[0], parts[1]);
            }
        }
        return keys;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Map<String, Object> page(String root, String title) {
        Map<String, Object> view = new HashMap<>();
        view.put("root", root);
        view.put("pageTitle", title);
        view.put("siteName", style.titlePrefix());
        view.put("csp", pagePolicy);
        return view;
    }

    private static List<String> categoriesOf(List<SiteDigest> digests) {
        TreeSet<String> categories = new TreeSet<>();
        digests.forEach(digest -> digest.entries().forEach(entry -> categories.addAll(entry.categories())));
        return List.copyOf(categories);
    }

    private String key(String... parts) {
        return StoredDigests.sha256(templates.version() + "|" + baseUrl + "|" + style + "|" + String.join("|",
                Arrays.stream(parts).map(part -> part == null ? "" : part).toList()));
    }

    /** The named values of each view, in the order given: a key's text must not depend on a map's order. */
    private static String stable(List<Map<String, Object>> views, String... names) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> view : views) {
            for (String name : names) {
                text.append(view.get(name)).append('\u001f');
            }
            text.append('\u001e');
        }
        return text.toString();
    }

    private static String entryKey(SiteEntry entry) {
        return entry.fingerprint();
    }

    /** The file name of a paper's page: its arXiv id, an old-style id's slash made an underscore. */
    static String fileName(String arxivId) {
        return arxivId.replace('/', '_');
    }
}
