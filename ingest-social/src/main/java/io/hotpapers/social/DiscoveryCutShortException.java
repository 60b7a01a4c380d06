package io.hotpapers.social;

import io.hotpapers.core.http.RemoteServiceException;

/**
 * A remote failure ended a discovery round early; carries what the round found before it, so that the posts
 * already read (and paid for) are stored. The cause is the failure itself, and the message is its message.
 */
public final class DiscoveryCutShortException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    private final transient SocialSource.Discovery partial;

    public DiscoveryCutShortException(SocialSource.Discovery partial, RemoteServiceException cause) {
        super(cause.getMessage(), cause);
        this.partial = partial;
    }

    /** What the round found before the failure; cursors only of the searches that ran to their end. */
    public SocialSource.Discovery partial() {
        return partial;
    }

    /** The failure that ended the round. */
    public RemoteServiceException failure() {
        return (RemoteServiceException) getCause();
    }
}
