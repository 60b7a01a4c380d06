package io.hotpapers.social.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.config.Secret;
import io.hotpapers.core.http.HttpStatusException;
import io.hotpapers.core.http.MalformedResponseException;
import io.hotpapers.core.http.RemoteServiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated session on the PDS (or the bsky.social entryway): logs in once with the handle and app password
 * ({@code com.atproto.server.createSession}, which bsky.social allows only 10 times a day), refreshes the access
 * token before it expires ({@code refreshSession}), and logs in again only when the refresh token is refused.
 * Tokens live in memory alone, as {@link Secret}s: never logged, stored or put into a message.
 */
public final class BlueskySession {
    private static final Logger LOG = LoggerFactory.getLogger(BlueskySession.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** Refresh this long before the access token's expiry, so that no request carries an expiring token. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** When a token does not say when it expires (not a JWT we can read), it is refreshed after this. */
    static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(30);

    private final HttpUrl pdsUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final ObjectMapper json;
    private final String handle;
    private final Secret appPassword;
    private Tokens tokens;
    private int logins;
    private int refreshes;

    /**
     * @param http a client with the rate limiter but without the session's own authorization
     */
    public BlueskySession(HttpUrl pdsUrl, OkHttpClient http, Clock clock, ObjectMapper json, String handle,
                          Secret appPassword) {
        this.pdsUrl = pdsUrl;
        this.http = http;
        this.clock = clock;
        this.json = json;
        this.handle = handle;
        this.appPassword = appPassword;
    }

    private record Tokens(Secret access, Secret refresh, Instant accessExpiry) {
    }

    /** A valid access token: logs in when there is no session, refreshes one about to expire. */
    public synchronized Secret accessToken() {
        if (tokens == null) {
            tokens = create();
        } else if (!clock.instant().isBefore(tokens.accessExpiry().minus(REFRESH_MARGIN))) {
            tokens = refreshOrCreate();
        }
        return tokens.access();
    }

    /** The service said the token expired ({@code ExpiredToken}): renew it, unless another call already has. */
    public synchronized void expired(Secret refused) {
        if (tokens != null && tokens.access().equals(refused)) {
            tokens = refreshOrCreate();
        }
    }

    /** How many times this session logged in (for tests and the status line: logins are scarce). */
    public synchronized int logins() {
        return logins;
    }

    public synchronized int refreshes() {
        return refreshes;
    }

    private Tokens refreshOrCreate() {
        try {
            Tokens refreshed = call("com.atproto.server.refreshSession", new Request.Builder()
                    .url(pdsUrl.newBuilder().addPathSegments("xrpc/com.atproto.server.refreshSession").build())
                    .header("Authorization", "Bearer " + tokens.refresh().reveal())
                    .post(RequestBody.create(new byte[0], null)).build());
            refreshes++;
            LOG.info("Bluesky session of {} refreshed", handle);
            return refreshed;
        } catch (BlueskyAuthException e) {
            LOG.info("Bluesky refused the session's refresh token; logging in again as {}", handle);
            return create();
        }
    }

    private Tokens create() {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("identifier", handle, "password", appPassword.reveal()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the login request", e);
        }
        Tokens created = call("com.atproto.server.createSession", new Request.Builder()
                .url(pdsUrl.newBuilder().addPathSegments("xrpc/com.atproto.server.createSession").build())
                .post(RequestBody.create(body, JSON)).build());
        logins++;
        LOG.info("Logged in to Bluesky as {}", handle);
        return created;
    }

    private Tokens call(String method, Request request) {
        try (Response response = http.newCall(request).execute()) {
            byte[] body = response.body().bytes();
            if (response.isSuccessful()) {
                return tokens(method, body);
            }
            String error = errorName(body);
            if (response.code() == 401 || (response.code() == 400 && (error.equals("ExpiredToken")
                    || error.equals("InvalidToken") || error.equals("AuthFactorTokenRequired")
                    || error.equals("AccountTakedown")))) {
                throw new BlueskyAuthException("Bluesky refused " + method + " (HTTP " + response.code()
                        + (error.isEmpty() ? "" : " " + error) + "); check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD "
                        + "(an app password, not the account password)");
            }
            throw new HttpStatusException("Bluesky " + method, response.code(), error, RateLimitReset.retryAfter(response, clock));
        } catch (IOException e) {
            throw new RemoteServiceException("Bluesky " + method + " failed: " + e.getMessage(), e);
        }
    }

    private Tokens tokens(String method, byte[] body) throws IOException {
        JsonNode root = json.readTree(body);
        if (root == null || !root.path("accessJwt").isTextual() || !root.path("refreshJwt").isTextual()
                || root.path("accessJwt").asText().isEmpty()) {
            throw new MalformedResponseException("Bluesky " + method + " sent no tokens");
        }
        String access = root.get("accessJwt").asText();
        return new Tokens(new Secret(access), new Secret(root.get("refreshJwt").asText()), expiry(access));
    }

    /** The {@code exp} claim of a JWT; the assumed lifetime when it cannot be read. */
    private Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims != null && claims.path("exp").canConvertToLong()) {
                    return Instant.ofEpochSecond(claims.get("exp").longValue());
                }
            } catch (IOException | IllegalArgumentException | DateTimeException e) {
                // not a readable JWT: fall through to the assumed lifetime
            }
        }
        return clock.instant().plus(ASSUMED_LIFETIME);
    }

    private String errorName(byte[] body) {
        try {
            JsonNode root = json.readTree(new String(body, StandardCharsets.UTF_8));
            return root != null && root.path("error").isTextual() ? BlueskyIds.quote(root.get("error").asText()) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
