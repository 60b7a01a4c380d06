package io.hotpapers.core.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of digest renderers, one per format, in the order of {@link DigestFormat}. */
public final class DigestRenderers {
    private final Map<DigestFormat, DigestRenderer> byFormat = new EnumMap<>(DigestFormat.class);

    /** Every format must have exactly one renderer, so that a format added to the enum cannot be forgotten here. */
    public DigestRenderers(Collection<? extends DigestRenderer> renderers) {
        for (DigestRenderer renderer : renderers) {
            if (byFormat.put(renderer.format(), renderer) != null) {
                throw new IllegalArgumentException("two renderers for " + renderer.format());
            }
        }
        Set<DigestFormat> missing = EnumSet.allOf(DigestFormat.class);
        missing.removeAll(byFormat.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no renderer for " + missing);
        }
    }

    /** The renderers hotpapers ships, for X alone: the Markdown post, the JSON document and the Atom feed. */
    public static DigestRenderers standard(ObjectMapper json, DigestStyle style, String siteUrl) {
        return standard(json, style, siteUrl, SourceRenderers.X_ONLY);
    }

    /** The renderers hotpapers ships, each post and count rendered by its source's {@link SourceRenderers}. */
    public static DigestRenderers standard(ObjectMapper json, DigestStyle style, String siteUrl,
                                           SourceRenderers sources) {
        return new DigestRenderers(List.of(new MarkdownRenderer(style, sources), new JsonRenderer(json, style, sources),
                new AtomFeedRenderer(style, siteUrl)));
    }

    /** The renderers of the chosen formats, in format order. */
    public List<DigestRenderer> of(Set<DigestFormat> formats) {
        return byFormat.values().stream().filter(renderer -> formats.contains(renderer.format())).toList();
    }

    /** Every renderer, in format order. */
    public List<DigestRenderer> all() {
        return List.copyOf(byFormat.values());
    }
}
