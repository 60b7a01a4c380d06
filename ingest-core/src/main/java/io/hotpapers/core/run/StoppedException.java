package io.hotpapers.core.run;

/** Thrown out of work that was asked to stop (see {@link StopSignal}); not a failure, so never logged as one. */
public class StoppedException extends RuntimeException {
    public StoppedException(String message) {
        super(message);
    }
}
