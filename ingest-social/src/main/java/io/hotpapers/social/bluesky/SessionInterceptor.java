package io.hotpapers.social.bluesky;

import io.hotpapers.core.config.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Adds the session's access token to authenticated calls (the only place it is revealed), and when the service
 * answers {@code ExpiredToken} renews the session and sends the request once more.
 */
public final class SessionInterceptor implements Interceptor {
    private static final long ERROR_PEEK_BYTES = 4_096;

    private final BlueskySession session;

    public SessionInterceptor(BlueskySession session) {
        this.session = session;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Secret token = session.accessToken();
        Response response = chain.proceed(authorized(chain.request(), token));
        if ((response.code() == 400 || response.code() == 401) && saysExpired(response.peekBody(ERROR_PEEK_BYTES))) {
            response.close();
            session.expired(token);
            return chain.proceed(authorized(chain.request(), session.accessToken()));
        }
        return response;
    }

    private static Request authorized(Request request, Secret token) {
        return request.newBuilder().header("Authorization", "Bearer " + token.reveal()).build();
    }

    private static boolean saysExpired(ResponseBody body) throws IOException {
        // the envelope is {"error":"ExpiredToken",…}; a substring test suffices to decide whether to renew
        return body.string().contains("\"ExpiredToken\"");
    }
}
