package io.hotpapers.core.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Cuts a response off at a size limit, so that a runaway body (a misbehaving proxy, an endless stream) cannot
 * exhaust memory: an announced length over the limit fails at once, an unannounced one when reading passes it.
 */
public final class ResponseSizeLimit implements Interceptor {
    private final long limitBytes;

    public ResponseSizeLimit(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String host = chain.request().url().host();
        ResponseBody body = response.body();
        if (body.contentLength() > limitBytes) {
            response.close();
            throw new ResponseTooLargeException(host, limitBytes);
        }
        return response.newBuilder().body(new LimitedBody(body, limitBytes, host)).build();
    }

    /** A body that throws once more than the limit has been read. */
    private static final class LimitedBody extends ResponseBody {
        private final ResponseBody delegate;
        private final BufferedSource source;

        LimitedBody(ResponseBody delegate, long limitBytes, String host) {
            this.delegate = delegate;
            this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
                private long read;

                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    long count = super.read(sink, byteCount);
                    read += Math.max(0, count);
                    if (read > limitBytes) {
                        throw new ResponseTooLargeException(host, limitBytes);
                    }
                    return count;
                }
            });
        }

        @Override
        public MediaType contentType() {
            return delegate.contentType();
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public BufferedSource source() {
            return source;
        }
    }
}
