package io.hotpapers.scheduler.health;

import io.hotpapers.scheduler.jobs.DaemonJob;
import io.hotpapers.scheduler.jobs.JobHealth;
import io.hotpapers.scheduler.jobs.JobMetrics;
import io.hotpapers.scheduler.jobs.JobOutcome;
import io.hotpapers.scheduler.jobs.JobOutcomeStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the daemon's {@link HealthReport} together: the database as the watchdog last saw it, the scheduler, and
 * each job judged from the cluster's {@code job_health} rows (this node's own view while they cannot be read).
 */
public final class DaemonHealth implements Supplier<HealthReport> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonHealth.class);

    private final DatabaseWatchdog watchdog;
    private final BooleanSupplier schedulerUp;
    private final JobOutcomeStore store;
    private final JobMetrics local;
    private final JobHealth judge;
    private final Clock clock;

    public DaemonHealth(DatabaseWatchdog watchdog, BooleanSupplier schedulerUp, JobOutcomeStore store,
                        JobMetrics local, JobHealth judge, Clock clock) {
        this.watchdog = watchdog;
        this.schedulerUp = schedulerUp;
        this.store = store;
        this.local = local;
        this.judge = judge;
        this.clock = clock;
    }

    @Override
    public HealthReport get() {
        boolean database = watchdog.databaseUp();
        return new HealthReport(database, watchdog.downSince().orElse(null), watchdog.lastError().orElse(null),
                schedulerUp.getAsBoolean(), judge.assess(outcomes(database), clock.instant()));
    }

    private Map<DaemonJob, JobOutcome> outcomes(boolean databaseUp) {
        Map<DaemonJob, JobOutcome> outcomes = new HashMap<>(local.localOutcomes());
        if (databaseUp) {
            try {
                outcomes.putAll(store.all());
            } catch (RuntimeException e) {
                LOG.debug("Cannot read job_health; /health shows this node's own view: {}", e.toString());
            }
        }
        return outcomes;
    }
}
