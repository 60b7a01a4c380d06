package io.hotpapers.scheduler.cluster;

/** Something on this machine keeps the daemon from starting (an address in use, a path it cannot write). */
public final class StartCheckException extends RuntimeException {
    public StartCheckException(String message) {
        super(message);
    }
}
