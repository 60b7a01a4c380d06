package io.hotpapers.arxiv;

import io.hotpapers.core.http.RemoteServiceException;

/** arXiv rejected the request itself (an Atom error entry, an error feed for a bad category): retrying won't help. */
public final class ArxivApiException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    public ArxivApiException(String message) {
        super(message);
    }
}
