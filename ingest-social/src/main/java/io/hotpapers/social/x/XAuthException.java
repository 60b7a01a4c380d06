package io.hotpapers.social.x;

import io.hotpapers.core.http.RemoteServiceException;

/** X refused the credentials (HTTP 401/403): social collection stops for the run; nothing stored is touched. */
public final class XAuthException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public XAuthException(int status) {
        super("X API refused the bearer token (HTTP " + status + "); check X_BEARER_TOKEN and the app's access level");
    }
}
