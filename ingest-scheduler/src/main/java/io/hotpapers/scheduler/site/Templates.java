package io.hotpapers.scheduler.site;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The site's Mustache templates (mustache.java), compiled once: every {@code {{value}}} is HTML-escaped, so an
 * untrusted title or name can only ever be text; the few {@code {{{raw}}}} slots take markup hotpapers built with
 * its own escapers (charts, post text with vetted links).
 */
final class Templates {
    private static final String ROOT = "io/hotpapers/scheduler/site/";
    static final List<String> PAGES = List.of("index", "digest", "paper", "category", "feed", "sitemap",
            "watchlists");
    private static final List<String> PARTIALS = List.of("head", "foot", "counts", "posts", "ranking");
    static final List<String> ASSETS = List.of("site.css", "ranking.js", "favicon.svg");
    /** Not a page of the site (so not part of its version): the HTML part of the digest e-mail. */
    static final String EMAIL = "email";

    private final Map<String, Mustache> compiled = new HashMap<>();
    private final Map<String, byte[]> assets = new HashMap<>();
    /** Changes whenever a template or asset does: a page's key includes it, so a new look rewrites every page. */
    private final String version;

    Templates() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory(ROOT + "templates");
        StringBuilder all = new StringBuilder();
        for (String page : PAGES) {
            compiled.put(page, factory.compile(page + ".mustache"));
            all.append(new String(resource("templates/" + page + ".mustache"), StandardCharsets.UTF_8));
        }
        compiled.put(EMAIL, factory.compile(EMAIL + ".mustache"));
        for (String partial : PARTIALS) {
            all.append(new String(resource("templates/" + partial + ".mustache"), StandardCharsets.UTF_8));
        }
        for (String asset : ASSETS) {
            byte[] bytes = resource("assets/" + asset);
            assets.put(asset, bytes);
            all.append(new String(bytes, StandardCharsets.UTF_8));
        }
        version = StoredDigests.sha256(all.toString());
    }

    String version() {
        return version;
    }

    byte[] asset(String name) {
        return assets.get(name).clone();
    }

    byte[] render(String page, Map<String, Object> view) {
        return renderText(page, view).getBytes(StandardCharsets.UTF_8);
    }

    String renderText(String page, Map<String, Object> view) {
        StringWriter out = new StringWriter(16_384);
        compiled.get(page).execute(out, view);
        return out.toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
