package io.hotpapers.core.http;

import java.io.IOException;

/**
 * A response grew past the configured size limit ({@code HOTPAPERS_MAX_RESPONSE_MB}); permanent: the same
 * request would bring the same body. An {@link IOException} so that it can leave OkHttp's body stream.
 */
public final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(String host, long limitBytes) {
        super(host + " sent a response larger than " + limitBytes / (1024 * 1024) + " MB, the limit set by "
                + "HOTPAPERS_MAX_RESPONSE_MB; the response was cut off and nothing of it was used");
    }
}
