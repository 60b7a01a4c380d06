package io.hotpapers.scheduler.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** This node's schedule settings differ from the cluster's, and it was not started to replace them. */
public final class ScheduleConflictException extends RuntimeException {
    private final transient List<ScheduleSettings.Difference> differences;

    public ScheduleConflictException(List<ScheduleSettings.Difference> differences) {
        super("this node's schedule differs from the cluster's: "
                + differences.stream().map(Object::toString).collect(Collectors.joining("; "))
                + "; start with 'daemon --reschedule' to replace the cluster's schedule, or use the cluster's settings");
        this.differences = List.copyOf(differences);
    }

    public List<ScheduleSettings.Difference> differences() {
        return differences;
    }
}
