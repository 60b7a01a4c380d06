package io.hotpapers.core.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Identifies hotpapers on every request, as arXiv and X ask API clients to. */
public final class UserAgentInterceptor implements Interceptor {
    private final String userAgent;

    public UserAgentInterceptor(String userAgent) {
        this.userAgent = userAgent;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
    }
}
