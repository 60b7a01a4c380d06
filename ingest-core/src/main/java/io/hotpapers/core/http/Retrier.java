package io.hotpapers.core.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request with bounded retries, and is the one place that decides what is transient.
 *
 * <p>Transient: I/O failures (connection refused or reset, timeouts, truncated bodies), HTTP 429 and 5xx,
 * and malformed bodies (a proxy's error page, a cut-off download). A {@code Retry-After} is obeyed exactly up to
 * the policy's longest wait, beyond which the call fails with a {@link WaitTooLongException} instead of sleeping;
 * otherwise the wait grows exponentially with jitter. Everything else fails at once.
 */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /**
     * How hard to try.
     *
     * @param maxWait the longest {@code Retry-After} obeyed ({@code HOTPAPERS_MAX_WAIT})
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxWait) {
        /** Five attempts, 3 s doubling to at most 2 min, and never wait more than 15 min when told to. */
        public static Policy standard() {
            return new Policy(5, Duration.ofSeconds(3), Duration.ofMinutes(2), WaitLimit.DEFAULT_MAX);
        }

        /** The same policy with another longest wait. */
        public Policy withMaxWait(Duration otherMaxWait) {
            return new Policy(maxAttempts, initialBackoff, maxBackoff, otherMaxWait);
        }
    }

    /** One attempt; may throw {@link IOException} or a {@link RemoteServiceException}. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    private final Policy policy;
    private final WaitLimit waitLimit;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;

    public Retrier(Policy policy, Clock clock, Sleeper sleeper, Random random) {
        this.policy = policy;
        this.waitLimit = new WaitLimit(policy.maxWait());
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Runs the attempt until it succeeds, fails permanently, or runs out of tries.
     *
     * @param what a short description for messages ("arXiv API page 3")
     * @throws RetriesExhaustedException when a transient failure outlasts the attempts
     * @throws WaitTooLongException when the service asks to wait longer than the policy's longest wait
     * @throws RemoteServiceException when a failure is permanent
     */
    public <T> T call(String what, Attempt<T> attempt) {
        for (int number = 1; ; number++) {
            Exception failure;
            try {
                return attempt.run();
            } catch (IOException | RemoteServiceException e) {
                failure = e;
            }
            if (!isTransient(failure)) {
                throw failure instanceof RemoteServiceException remote ? remote
                        : new RemoteServiceException(what + " failed: " + describe(failure), failure);
            }
            Duration wait = waitBefore(what, number + 1, failure);
            if (number >= policy.maxAttempts()) {
                throw new RetriesExhaustedException(what + " failed after " + number + " attempt(s): "
                        + describe(failure), failure);
            }
            // this line is also the announcement of a long wait: it names the endpoint, the wait and its end
            LOG.warn("{} failed (attempt {} of {}): {}; retrying in {} (at {})", what, number, policy.maxAttempts(),
                    describe(failure), wait, clock.instant().plus(wait));
            pause(wait);
        }
    }

    /** The single decision of what is worth another try. */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof ResponseTooLargeException) {
            return false;
        }
        if (failure instanceof HttpStatusException status) {
            return status.status() == 429 || status.status() >= 500;
        }
        return failure instanceof IOException || failure instanceof MalformedResponseException;
    }

    /** How long to wait before the given attempt; a service asking for too long a pause fails the call. */
    private Duration waitBefore(String what, int nextAttempt, Exception failure) {
        if (failure instanceof HttpStatusException status && status.retryAfter().isPresent()) {
            Duration asked = status.retryAfter().get();
            try {
                waitLimit.check(what, "retry after HTTP " + status.status(), asked,
                        WaitLimit.end(clock.instant(), asked));
            } catch (WaitTooLongException tooLong) {
                tooLong.initCause(failure);
                throw tooLong;
            }
            return asked;
        }
        long doubling = 1L << Math.min(nextAttempt - 2, 20);
        Duration ceiling = policy.initialBackoff().multipliedBy(doubling);
        if (ceiling.compareTo(policy.maxBackoff()) > 0) {
            ceiling = policy.maxBackoff();
        }
        // half fixed, half random: spreads retries of parallel clients without ever waiting too little
        long millis = ceiling.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis / 2.0)));
    }

    /** Parses {@code Retry-After}: delta seconds or an HTTP date. Returns {@code null} when absent or unreadable. */
    public static Duration parseRetryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteServiceException("interrupted while waiting to retry", e);
        }
    }

    private static String describe(Exception failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
