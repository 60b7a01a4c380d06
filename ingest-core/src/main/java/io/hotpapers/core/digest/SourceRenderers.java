package io.hotpapers.core.digest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The renderers of the registered sources, by source id, and which sources are enabled. A source with stored posts
 * but no renderer (one this build no longer has) is shown plainly, with the neutral vocabulary.
 */
public final class SourceRenderers {
    /** X alone: what a deployment without other sources renders, byte for byte as before sources existed. */
    public static final SourceRenderers X_ONLY = new SourceRenderers(List.of(new XPostRenderer()));

    private final Map<String, SourceRenderer> bySource = new TreeMap<>();
    private final Set<String> enabled;

    /** Every source with a renderer enabled. */
    public SourceRenderers(List<SourceRenderer> renderers) {
        this(renderers, renderers.stream().map(SourceRenderer::source).toList());
    }

    /** @param enabled the ids of the enabled sources (a registered source may be switched off) */
    public SourceRenderers(List<SourceRenderer> renderers, Collection<String> enabled) {
        this.enabled = Set.copyOf(enabled);
        for (SourceRenderer renderer : renderers) {
            if (bySource.put(renderer.source(), renderer) != null) {
                throw new IllegalArgumentException("two renderers for source " + renderer.source());
            }
        }
    }

    /** The source's renderer, or the plain one. */
    public SourceRenderer forSource(String source) {
        SourceRenderer renderer = bySource.get(source);
        return renderer != null ? renderer : new PlainPostRenderer(source);
    }

    /** Whether sources other than X are enabled: then the JSON digest is version 2, with per-source counts. */
    public boolean beyondX() {
        return enabled.stream().anyMatch(source -> !XPostRenderer.SOURCE.equals(source));
    }
}
