package io.hotpapers.social.x;

import java.util.Locale;

/**
 * One entry of a response's partial {@code errors} array (HTTP 200 with some resources unavailable).
 *
 * @param resourceId the id of the resource concerned, when given
 */
public record XProblem(String title, String type, String resourceType, String resourceId, String detail) {

    /** Whether the problem says a requested post is gone: deleted, protected or its author suspended. */
    public boolean isTweetGone() {
        if (!"tweet".equals(resourceType) || resourceId == null) {
            return false;
        }
        String lower = (title == null ? "" : title).toLowerCase(Locale.ROOT);
        return lower.contains("not found") || lower.contains("authorization") || lower.contains("forbidden")
                || (type != null && type.endsWith("/resource-not-found"));
    }
}
