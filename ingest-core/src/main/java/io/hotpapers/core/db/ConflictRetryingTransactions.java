package io.hotpapers.core.db;

import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.SerializableTransactionRunner;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transaction again when PostgreSQL aborted it only because it collided with another one: a deadlock
 * ({@code 40P01}) or a serialization failure ({@code 40001}). Such an abort leaves nothing written, so running the
 * whole transaction again is safe, and the writer's work is not lost to bad timing.
 */
final class ConflictRetryingTransactions extends SerializableTransactionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetryingTransactions.class);
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final int MAX_RETRIES = 5;

    private ConflictRetryingTransactions(TransactionHandler delegate) {
        super(delegate);
    }

    /** Makes every transaction of the Jdbi instance retry on conflicts. */
    static void install(Jdbi jdbi) {
        jdbi.setTransactionHandler(new ConflictRetryingTransactions(LocalTransactionHandler.binding()));
        jdbi.getConfig(Configuration.class)
                .setMaxRetries(MAX_RETRIES)
                .setOnFailure(ConflictRetryingTransactions::logRetry);
    }

    /** Each handle gets its own copy, as with the runner this extends; it must stay of this class. */
    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new ConflictRetryingTransactions(getDelegate().specialize(handle));
    }

    @Override
    protected boolean isSqlState(String expected, Throwable failure) {
        return super.isSqlState(expected, failure) || super.isSqlState(DEADLOCK_DETECTED, failure);
    }

    private static void logRetry(List<Exception> failures) {
        Throwable cause = failures.get(failures.size() - 1);
        while (!(cause instanceof SQLException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // the first line only: the rest names statements and their arguments
        String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        LOG.warn("Transaction collided with another one (attempt {}), running it again: {}", failures.size(), reason);
    }
}
