package io.hotpapers.social.x;

import io.hotpapers.core.config.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds the app's bearer token; the only place it is revealed. Nothing in hotpapers logs request headers. */
public final class BearerTokenInterceptor implements Interceptor {
    private final Secret token;

    public BearerTokenInterceptor(Secret token) {
        this.token = token;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer " + token.reveal()).build());
    }
}
