package io.hotpapers.core.config;

import java.net.URI;
import java.util.Objects;

/**
 * Bluesky's endpoints and the optional account that search needs.
 *
 * @param apiUrl the public AppView, for getPosts without credentials ({@code BLUESKY_API_URL})
 * @param pdsUrl the PDS or entryway where the session lives and authenticated search runs ({@code BLUESKY_PDS_URL})
 * @param jetstreamUrl the Jetstream subscribe endpoint, ws:// or wss:// ({@code BLUESKY_JETSTREAM_URL})
 * @param handle the account's handle (or DID, or e-mail) to log in with, or {@code null} without an account
 * @param appPassword the account's app password, or {@code null} without an account
 * @param countBots whether posts of self-labelled bots count in the digest's score ({@code BLUESKY_COUNT_BOTS})
 */
public record BlueskySettings(okhttp3.HttpUrl apiUrl, okhttp3.HttpUrl pdsUrl, URI jetstreamUrl, String handle,
                              Secret appPassword, boolean countBots) {
    public BlueskySettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(pdsUrl, "pdsUrl");
        Objects.requireNonNull(jetstreamUrl, "jetstreamUrl");
        if ((handle == null) != (appPassword == null)) {
            throw new IllegalArgumentException("a Bluesky handle and app password go together");
        }
    }

    /** Whether an account is configured, so that search (backfill, gap filling) can run. */
    public boolean canSearch() {
        return handle != null;
    }
}
