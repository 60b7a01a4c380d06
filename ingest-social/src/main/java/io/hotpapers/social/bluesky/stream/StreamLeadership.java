package io.hotpapers.social.bluesky.stream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node of a cluster consumes a stream: the one holding a session-level PostgreSQL advisory lock on a
 * connection it keeps open while consuming. When that node dies its connection closes, the lock is released, and
 * another node's next attempt takes over.
 */
public final class StreamLeadership {
    /**
     * The lock space of stream consumers (first key of the two-key advisory lock); 738001 is the rollups' space
     * (sql/R__rollup_functions.sql).
     */
    public static final int LOCK_SPACE = 738002;
    /** The Jetstream consumer's lock in that space. */
    public static final int JETSTREAM = 1;

    private static final Logger LOG = LoggerFactory.getLogger(StreamLeadership.class);

    private final Jdbi jdbi;
    private final int lock;
    private Handle held;

    public StreamLeadership(Jdbi jdbi, int lock) {
        this.jdbi = jdbi;
        this.lock = lock;
    }

    /** Takes the lock if no other session holds it; true when this node now leads (or already did). */
    public synchronized boolean tryAcquire() {
        if (held != null) {
            return true;
        }
        Handle handle = null;
        try {
            handle = jdbi.open();
            boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(:space, :lock)")
                    .bind("space", LOCK_SPACE).bind("lock", lock)
                    .mapTo(Boolean.class).one();
            if (locked) {
                held = handle;
                return true;
            }
            handle.close();
            return false;
        } catch (RuntimeException e) {
            close(handle);
            LOG.warn("Cannot ask the database who consumes the stream ({}); trying again later", e.getMessage());
            return false;
        }
    }

    /** Whether this node still holds the lock: its connection is alive and the lock granted to its session. */
    public synchronized boolean stillHeld() {
        if (held == null) {
            return false;
        }
        try {
            boolean granted = held.createQuery("""
                            SELECT count(*) > 0 FROM pg_locks
                            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid = :space
                              AND objid = :lock AND objsubid = 2 AND granted
                            """)
                    .bind("space", LOCK_SPACE).bind("lock", lock)
                    .mapTo(Boolean.class).one();
            if (!granted) {
                release();
            }
            return granted;
        } catch (RuntimeException e) {
            LOG.warn("Lost the database connection holding the stream lock ({}); another node may take over",
                    e.getMessage());
            close(held);
            held = null;
            return false;
        }
    }

    /** Gives the lock up (the connection goes back to the pool without it). */
    public synchronized void release() {
        if (held == null) {
            return;
        }
        try {
            // all of them: the connection goes back to the pool, and must not carry the lock to another user
            held.execute("SELECT pg_advisory_unlock_all()");
        } catch (RuntimeException e) {
            LOG.debug("Unlock failed ({}); the lock ends with the connection", e.getMessage());
        } finally {
            close(held);
            held = null;
        }
    }

    private static void close(Handle handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the lock connection failed: {}", e.getMessage());
        }
    }
}
