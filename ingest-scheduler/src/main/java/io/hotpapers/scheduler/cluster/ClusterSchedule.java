package io.hotpapers.scheduler.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's schedule settings, stored in {@code cluster_schedule}: the first node stores its own, later
 * nodes must match them, and {@code daemon --reschedule} replaces them. Checked and written under the row's lock,
 * so two nodes starting at once cannot both win.
 */
public final class ClusterSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSchedule.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json;

    /** What a start did to the stored schedule. */
    public enum Outcome {
        /** No schedule was stored: this node's became the cluster's. */
        STORED,
        /** The node's settings are the cluster's. */
        MATCHED,
        /** {@code --reschedule}: this node's settings replaced the cluster's. */
        REPLACED;

        /** Whether the Quartz triggers must be (re)defined from this node's settings. */
        public boolean redefinesTriggers() {
            return this != MATCHED;
        }
    }

    /** The stored schedule, who stored it and when. */
    public record Stored(ScheduleSettings settings, Instant updatedAt, String updatedBy) {
    }

    public ClusterSchedule(Jdbi jdbi, Clock clock, ObjectMapper json) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Checks this node's settings against the cluster's, storing them when none are stored or when
     * {@code reschedule} is set, and logs what changed.
     *
     * @throws ScheduleConflictException when they differ and {@code reschedule} is not set (nothing is written)
     */
    public Outcome claim(ScheduleSettings node, boolean reschedule) {
        return jdbi.inTransaction(handle -> {
            Optional<Stored> stored = lockedRow(handle);
            if (stored.isEmpty()) {
                int inserted = handle.createUpdate("""
                                INSERT INTO cluster_schedule (settings, updated_at, updated_by)
                                VALUES (CAST(:settings AS jsonb), :now, :node) ON CONFLICT (id) DO NOTHING
                                """)
                        .bind("settings", write(node)).bind("now", clock.instant()).bind("node", nodeName())
                        .execute();
                if (inserted == 1) {
                    LOG.info("Stored this node's schedule as the cluster's: {}", describe(node));
                    return Outcome.STORED;
                }
                stored = lockedRow(handle); // another node stored its own a moment ago
            }
            Stored cluster = stored.orElseThrow();
            List<ScheduleSettings.Difference> differences = cluster.settings().differencesFrom(node);
            if (differences.isEmpty()) {
                ScheduleSettings merged = cluster.settings().plusMissingFrom(node);
                if (!merged.equals(cluster.settings())) {
                    update(handle, merged); // settings this version added, recorded without changing any
                }
                return Outcome.MATCHED;
            }
            if (!reschedule) {
                throw new ScheduleConflictException(differences);
            }
            update(handle, cluster.settings().plusReplaced(node));
            LOG.info("Replaced the cluster's schedule (stored by {} at {}): {}", cluster.updatedBy(),
                    cluster.updatedAt(), differences.stream()
                            .map(change -> change.setting() + " " + change.cluster() + " -> " + change.node())
                            .collect(Collectors.joining(", ")));
            return Outcome.REPLACED;
        });
    }

    /** The stored schedule, if any node stored one. */
    public Optional<Stored> stored() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT settings::text AS settings, updated_at, updated_by FROM cluster_schedule")
                .map((rows, context) -> new Stored(read(rows.getString("settings")),
                        rows.getTimestamp("updated_at").toInstant(), rows.getString("updated_by")))
                .findOne());
    }

    private Optional<Stored> lockedRow(Handle handle) {
        return handle.createQuery(
                        "SELECT settings::text AS settings, updated_at, updated_by FROM cluster_schedule FOR UPDATE")
                .map((rows, context) -> new Stored(read(rows.getString("settings")),
                        rows.getTimestamp("updated_at").toInstant(), rows.getString("updated_by")))
                .findOne();
    }

    private void update(Handle handle, ScheduleSettings settings) {
        handle.createUpdate("""
                        UPDATE cluster_schedule SET settings = CAST(:settings AS jsonb), updated_at = :now,
                                                    updated_by = :node
                        """)
                .bind("settings", write(settings)).bind("now", clock.instant()).bind("node", nodeName())
                .execute();
    }

    private static String describe(ScheduleSettings settings) {
        return settings.values().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private String write(ScheduleSettings settings) {
        try {
            return json.writeValueAsString(settings.values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write schedule settings: " + e.getMessage(), e);
        }
    }

    private ScheduleSettings read(String text) {
        try {
            return new ScheduleSettings(json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the stored schedule settings: " + e.getMessage(), e);
        }
    }

    /** Host and process, so an operator can tell which node set the schedule. */
    static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return host + " pid " + ProcessHandle.current().pid();
    }
}
