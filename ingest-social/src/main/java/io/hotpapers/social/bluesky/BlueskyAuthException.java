package io.hotpapers.social.bluesky;

import io.hotpapers.core.http.RemoteServiceException;

/**
 * Bluesky refused the credentials or the request's authority (HTTP 401/403): permanent for the round. The message
 * names the setting to check, never a credential.
 */
public final class BlueskyAuthException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public BlueskyAuthException(String message) {
        super(message);
    }
}
