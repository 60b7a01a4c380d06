package io.hotpapers.social;

import io.hotpapers.core.digest.SourceRenderer;

/**
 * One network hotpapers can read, as the application registers it: its id, how its posts render, and how it is
 * built when enabled. Adding a network is one package with one module, one settings record and one registration.
 */
public interface SourceModule {

    /** The source id, the same as its {@link SocialSource#name()}. */
    String id();

    /** How its posts render in digests; registered whether or not the source is enabled, as its posts stay stored. */
    SourceRenderer renderer();

    /** Builds the enabled source from the configuration and the shared parts; no I/O. */
    EnabledSource build(SourceContext context);
}
