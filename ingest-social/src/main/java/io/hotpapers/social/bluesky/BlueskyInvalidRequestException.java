package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.RemoteServiceException;

/** Bluesky rejected a request as invalid (HTTP 400 {@code InvalidRequest}, {@code BadQueryString}): permanent. */
public final class BlueskyInvalidRequestException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public BlueskyInvalidRequestException(String message) {
        super(message);
    }
}
