package io.hotpapers.social;

/**
 * A long-running part of a source that only the daemon runs (a stream consumer, say): started after the scheduler,
 * stopped before it.
 */
public interface DaemonPart {

    /** A short name for logs ({@code bluesky stream}). */
    String name();

    /** Starts its own threads and returns. */
    void start();

    /** Stops and waits, boundedly, for its threads; safe to call more than once. */
    void stop();
}
