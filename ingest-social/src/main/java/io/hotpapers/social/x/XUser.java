package io.hotpapers.social.x;

/** An author from {@code includes.users}. */
public record XUser(long id, String username, String name) {
}
