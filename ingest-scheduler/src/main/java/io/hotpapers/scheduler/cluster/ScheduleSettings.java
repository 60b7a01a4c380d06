package io.hotpapers.scheduler.cluster;

import io.hotpapers.core.config.ConfigLoader;
import io.hotpapers.core.config.DaemonSettings;
import io.hotpapers.core.config.HotpapersConfig;
import io.hotpapers.core.post.RefreshPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The settings that shape a cluster's jobs (when they fire and what they do), by setting name, as text: one
 * value for the whole cluster, because any node may run any job. Secrets are reduced to whether they are set.
 *
 * <p>Per-node settings (HTTP address, shutdown grace, cluster check-in, database, paths) are not part of it.
 */
public record ScheduleSettings(Map<String, String> values) {
    /** A value stored under a setting's old name (by an older node) counts as its new name's, unless that is set. */
    public ScheduleSettings {
        Map<String, String> current = new LinkedHashMap<>(values);
        ConfigLoader.renamedSettings().forEach((old, renamed) -> {
            String value = current.remove(old);
            if (value != null) {
                current.putIfAbsent(renamed, value);
            }
        });
        values = Collections.unmodifiableMap(current);
    }

    /** One setting whose value on the cluster differs from this node's. */
    public record Difference(String setting, String cluster, String node) {
        @Override
        public String toString() {
            return setting + ": cluster has " + cluster + ", this node " + node;
        }
    }

    /** This node's schedule settings. */
    public static ScheduleSettings of(HotpapersConfig config) {
        DaemonSettings daemon = config.daemon();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ConfigLoader.LISTING_TIME, daemon.listingTime().toString());
        values.put(ConfigLoader.LISTING_PATIENCE, daemon.listingPatience().toString());
        values.put(ConfigLoader.DIGEST_TIME, daemon.digestTime().toString());
        values.put(ConfigLoader.DISCOVERY_INTERVAL, daemon.discoveryInterval().toString());
        values.put(ConfigLoader.REFRESH_INTERVAL, daemon.refreshInterval().toString());
        values.put(ConfigLoader.CATEGORIES, String.join(",", config.categories()));
        values.put(ConfigLoader.X_BEARER_TOKEN, config.x().enabled() ? "set (X on)" : "unset (X off)");
        values.put(ConfigLoader.X_FULL_ARCHIVE, Boolean.toString(config.x().fullArchive()));
        values.put(ConfigLoader.ACTIVE_DAYS, Integer.toString(config.activeDays()));
        values.put(ConfigLoader.REFRESH_SCHEDULE, refreshSchedule(config.refreshPolicy()));
        values.put(ConfigLoader.CATCHUP_DAYS, Integer.toString(daemon.catchUpDays()));
        values.put(ConfigLoader.SOURCES, String.join(",", config.sources()));
        values.put(ConfigLoader.SCORE_WEIGHTS, new TreeMap<>(config.digest().scoreWeights().weights())
                .entrySet().stream().map(weight -> weight.getKey() + "=" + weight.getValue().stripTrailingZeros()
                        .toPlainString()).collect(Collectors.joining(",")));
        // the holidays decide which dates are mailings: every node must agree on them
        values.put(ConfigLoader.ARXIV_HOLIDAYS, config.arxiv().extraHolidays().stream().sorted().map(Object::toString)
                .collect(Collectors.joining(",")));
        return new ScheduleSettings(values);
    }

    private static String refreshSchedule(RefreshPolicy policy) {
        return policy.steps().stream().map(step -> step.untilAge() + "=" + step.interval())
                .collect(Collectors.joining(","));
    }

    /**
     * The settings both sides know whose values differ, in this node's order. A setting only one side knows (a
     * newer or older hotpapers version) is no conflict.
     */
    public List<Difference> differencesFrom(ScheduleSettings node) {
        List<Difference> differences = new ArrayList<>();
        node.values.forEach((setting, value) -> {
            String stored = values.get(setting);
            if (stored != null && !stored.equals(value)) {
                differences.add(new Difference(setting, stored, value));
            }
        });
        return differences;
    }

    /** These settings with every value the other side has put over them. */
    public ScheduleSettings plusReplaced(ScheduleSettings other) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new ScheduleSettings(merged);
    }

    /** These settings with the ones only the other side knows added. */
    public ScheduleSettings plusMissingFrom(ScheduleSettings other) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        other.values.forEach(merged::putIfAbsent);
        return new ScheduleSettings(merged);
    }
}
