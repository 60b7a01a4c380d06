package io.hotpapers.social.x;

import io.hotpapers.core.http.RemoteServiceException;

/** X rejected a request as invalid (HTTP 400), for instance a query longer than the account allows. */
public final class XInvalidRequestException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public XInvalidRequestException(String detail) {
        super("X API rejected the request: " + detail);
    }
}
