package io.hotpapers.social.bluesky;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AT Protocol identifiers hotpapers reads from Bluesky, checked against their published syntax before they are
 * stored or put into a URL: DIDs, record keys, cids, handles and the {@code at://} URIs of posts.
 */
public final class BlueskyIds {
    /** The collection of posts; every post id hotpapers stores is an at:// URI in it. */
    public static final String POST_COLLECTION = "app.bsky.feed.post";

    /** did:method:identifier (the DID syntax of the AT Protocol, at most 2 KB; hotpapers takes 256). */
    private static final Pattern DID = Pattern.compile("did:[a-z]+:[a-zA-Z0-9._:%-]{1,240}");
    /** Record keys: 1 to 512 characters of A-Za-z0-9 . - _ : ~, never "." or "..". */
    private static final Pattern RKEY = Pattern.compile("[A-Za-z0-9._:~-]{1,512}");
    /** CIDv1 in base32 (multibase prefix b), as the network writes them; a generous bound on the length. */
    private static final Pattern CID = Pattern.compile("b[a-z2-7]{8,190}");
    /** Handles: dot-separated DNS labels, at most 253 characters. */
    private static final Pattern HANDLE = Pattern.compile(
            "(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    private static final Pattern POST_URI = Pattern.compile("at://([^/]+)/" + Pattern.quote(POST_COLLECTION) + "/([^/]+)");

    private BlueskyIds() {
    }

    /** A post's id as hotpapers stores it. */
    public record PostUri(String did, String rkey) {
        @Override
        public String toString() {
            return "at://" + did + "/" + POST_COLLECTION + "/" + rkey;
        }
    }

    public static boolean isDid(String value) {
        return value != null && DID.matcher(value).matches() && !value.endsWith(":") && !value.endsWith("%");
    }

    public static boolean isRkey(String value) {
        return value != null && RKEY.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }

    public static boolean isCid(String value) {
        return value != null && CID.matcher(value).matches();
    }

    public static boolean isHandle(String value) {
        return value != null && HANDLE.matcher(value).matches();
    }

    /** The post URI of a DID and record key, both checked. */
    public static Optional<PostUri> postUri(String did, String rkey) {
        return isDid(did) && isRkey(rkey) ? Optional.of(new PostUri(did, rkey)) : Optional.empty();
    }

    /** Reads {@code at://<did>/app.bsky.feed.post/<rkey>}; anything else (a handle in place of the DID) is empty. */
    public static Optional<PostUri> parsePostUri(String uri) {
        if (uri == null || uri.length() > 1_000) {
            return Optional.empty();
        }
        Matcher matcher = POST_URI.matcher(uri);
        return matcher.matches() ? postUri(matcher.group(1), matcher.group(2)) : Optional.empty();
    }

    /** A value from the network as it may appear in a stored reason: shortened, printable ASCII only. */
    static String quote(Object value) {
        String shown = value == null ? "missing" : value.toString();
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < shown.length() && quoted.length() < 40; i++) {
            char c = shown.charAt(i);
            quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return shown.length() > 40 ? quoted + "..." : quoted.toString();
    }
}
