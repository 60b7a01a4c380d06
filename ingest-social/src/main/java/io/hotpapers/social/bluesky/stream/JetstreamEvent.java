package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event of Jetstream's JSON stream: a repository commit, an identity change or an account status change, each
 * stamped with the time (unix microseconds) Jetstream saw it, which is also the cursor to resume from.
 */
public sealed interface JetstreamEvent permits JetstreamEvent.Commit, JetstreamEvent.Identity, JetstreamEvent.Account {

    /** The repository (account) the event is about. */
    String did();

    /** When Jetstream saw the event, in unix microseconds; not monotonic within the stream. */
    long timeUs();

    /** What a commit did to its record. */
    enum Operation {
        CREATE, UPDATE, DELETE
    }

    /**
     * A record created, updated or deleted in a repository.
     *
     * @param rev the repository revision, or {@code null} when absent
     * @param cid the record's content id; {@code null} for a delete
     * @param record the raw record (an object); {@code null} for a delete
     */
    record Commit(String did, long timeUs, String rev, Operation operation, String collection, String rkey,
                  String cid, JsonNode record) implements JetstreamEvent {
        public Commit {
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(rkey, "rkey");
        }

        /** The record's AT URI. */
        public String uri() {
            return "at://" + did + "/" + collection + "/" + rkey;
        }
    }

    /**
     * An identity change (handle or DID document).
     *
     * @param handle the new handle, or {@code null} when the event does not carry one
     */
    record Identity(String did, long timeUs, String handle) implements JetstreamEvent {
    }

    /**
     * An account status change.
     *
     * @param status why the account is inactive ({@code takendown}, {@code deactivated} …), or {@code null}
     */
    record Account(String did, long timeUs, boolean active, String status) implements JetstreamEvent {
    }
}
